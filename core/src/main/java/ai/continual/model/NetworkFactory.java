package ai.continual.model;

import ai.continual.config.ConfigException;
import ai.continual.config.LayerKind;
import ai.continual.config.LayerSpec;
import ai.continual.config.ModelConfig;
import ai.continual.config.ModelType;
import ai.continual.config.Task;
import ai.continual.config.TrainingConfig;
import ai.continual.config.UpdaterKind;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds version 1 of a model from config: an MLP, a CNN or an LSTM network of the configured hidden layers,
 * and an output layer that follows from the task (softmax + cross-entropy for classification, identity + MSE
 * for regression). Every network takes the same flat 2-D input {@code [batch, features]}: a CNN reads it as
 * an image of {@code model.input-shape} and an LSTM as time steps, through a preprocessor on the first layer,
 * so rows, evaluation and strategies stay the same for every architecture. Layers are named
 * {@code <kind><index>} and {@code output}, the names {@code model.frozen-layers} may use.
 */
public final class NetworkFactory {

    /** Name of the output layer of networks built from config. */
    public static final String OUTPUT_LAYER = "output";

    private NetworkFactory() {}

    /** A freshly initialised MLP or CNN with {@code numInputs} flat inputs and {@code numOutputs} outputs. */
    public static MultiLayerNetwork build(ModelConfig model, TrainingConfig training, Task task,
                                          int numInputs, int numOutputs, long seed) {
        return build(model, training, task, FeatureShape.flat(numInputs), numOutputs, seed);
    }

    /** A freshly initialised network for features of {@code shape} and {@code numOutputs} outputs. */
    public static MultiLayerNetwork build(ModelConfig model, TrainingConfig training, Task task,
                                          FeatureShape shape, int numOutputs, long seed) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater(training))
                .weightInit(WeightInit.XAVIER)
                .list();
        List<LayerSpec> specs = model.hiddenLayers();
        int lastLstm = -1;
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).kind() == LayerKind.LSTM) {
                lastLstm = i;
            }
        }
        for (int i = 0; i < specs.size(); i++) {
            layers.layer(layer(specs.get(i), i, i == lastLstm));
        }
        layers.layer(outputLayer(task, numOutputs));
        InputType input = inputType(model, shape);
        if (model.type() == ModelType.LSTM) {
            layers.inputPreProcessor(0, new FlatToSequencePreProcessor(shape.timeSteps(), shape.stepWidth()));
        }
        try {
            MultiLayerConfiguration conf = layers.setInputType(input).build();
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            // DL4J checks some layer arithmetic only when data flows: one zero row fails here, not mid-training.
            net.output(Nd4j.zeros(DataType.FLOAT, 1, shape.length()));
            return net;
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException("Config key 'model.hidden-layers' does not fit the input " + input + ": "
                    + e.getMessage() + ". Use smaller kernels or strides, or fewer subsampling layers.", e);
        }
    }

    /** The output layer for {@code task}: softmax + cross-entropy, or identity + MSE. */
    public static OutputLayer outputLayer(Task task, int numOutputs) {
        return task == Task.CLASSIFICATION
                ? new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(numOutputs).name(OUTPUT_LAYER).build()
                : new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(numOutputs).name(OUTPUT_LAYER).build();
    }

    private static InputType inputType(ModelConfig model, FeatureShape shape) {
        switch (model.type()) {
            case CNN -> {
                List<Integer> hwc = model.inputShape();
                long size = (long) hwc.get(0) * hwc.get(1) * hwc.get(2);
                if (size != shape.length()) {
                    throw new ConfigException("Config key 'model.input-shape' " + hwc + " gives " + size
                            + " features per row but the data has " + shape.length() + "; set it to the"
                            + " [height, width, channels] of data.features.");
                }
                return InputType.convolutionalFlat(hwc.get(0), hwc.get(1), hwc.get(2));
            }
            case LSTM -> {
                if (!shape.isSequence()) {
                    throw new ConfigException("Config key 'model.type' is lstm but data.features is a plain feature"
                            + " array; name a sequence column of type array<array<float>> (time steps x features)"
                            + " or use model.type = mlp.");
                }
                return InputType.feedForward(shape.length());
            }
            default -> {
                return InputType.feedForward(shape.length());
            }
        }
    }

    private static Layer layer(LayerSpec spec, int index, boolean lastRecurrent) {
        String name = spec.kind().name().toLowerCase(Locale.ROOT).replace("_", "") + index;
        return switch (spec.kind()) {
            case DENSE -> new DenseLayer.Builder().nOut(spec.size()).activation(activation(spec.activation()))
                    .name(name).build();
            case CONVOLUTION -> new ConvolutionLayer.Builder(ints(spec.kernel()), ints(spec.stride()))
                    .nOut(spec.size()).activation(activation(spec.activation())).name(name).build();
            case SUBSAMPLING -> new SubsamplingLayer.Builder(
                    spec.pooling().equals("avg") ? SubsamplingLayer.PoolingType.AVG : SubsamplingLayer.PoolingType.MAX,
                    ints(spec.kernel()), ints(spec.stride())).name(name).build();
            case BATCH_NORM -> new BatchNormalization.Builder().name(name).build();
            case LSTM -> {
                LSTM lstm = new LSTM.Builder().nOut(spec.size()).activation(activation(spec.activation()))
                        .name(name).build();
                if (!lastRecurrent) {
                    yield lstm;
                }
                LastTimeStep last = new LastTimeStep(lstm);
                last.setLayerName(name);
                yield last;
            }
        };
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The DL4J updater named by {@code training.updater} with the configured learning rate. */
    public static IUpdater updater(TrainingConfig training) {
        return UpdaterKind.fromConfigName(training.updater()).create(training.learningRate());
    }

    private static Activation activation(String name) {
        return Activation.valueOf(name.toUpperCase(Locale.ROOT));
    }
}
