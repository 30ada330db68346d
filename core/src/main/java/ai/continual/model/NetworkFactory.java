package ai.continual.model;

import ai.continual.config.LayerSpec;
import ai.continual.config.ModelConfig;
import ai.continual.config.Task;
import ai.continual.config.TrainingConfig;
import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds version 1 of a model from config: an MLP of the configured hidden layers and an output layer
 * that follows from the task (softmax + cross-entropy for classification, identity + MSE for regression).
 */
public final class NetworkFactory {

    private NetworkFactory() {}

    /** A freshly initialised network with {@code numInputs} inputs and {@code numOutputs} outputs. */
    public static MultiLayerNetwork build(ModelConfig model, TrainingConfig training, Task task,
                                          int numInputs, int numOutputs, long seed) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater(training))
                .weightInit(WeightInit.XAVIER)
                .list();
        for (LayerSpec spec : model.hiddenLayers()) {
            layers.layer(new DenseLayer.Builder().nOut(spec.size()).activation(activation(spec.activation())).build());
        }
        OutputLayer output = task == Task.CLASSIFICATION
                ? new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(numOutputs).build()
                : new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(numOutputs).build();
        MultiLayerConfiguration conf = layers.layer(output).setInputType(InputType.feedForward(numInputs)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** The DL4J updater named by {@code training.updater} with the configured learning rate. */
    public static IUpdater updater(TrainingConfig training) {
        double lr = training.learningRate();
        return switch (training.updater()) {
            case "adam" -> new Adam(lr);
            case "sgd" -> new Sgd(lr);
            case "nesterovs" -> new Nesterovs(lr, 0.9);
            case "rmsprop" -> new RmsProp(lr);
            default -> throw new IllegalArgumentException("Unknown updater " + training.updater());
        };
    }

    private static Activation activation(String name) {
        return Activation.valueOf(name.toUpperCase(Locale.ROOT));
    }
}
