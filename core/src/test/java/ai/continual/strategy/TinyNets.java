package ai.continual.strategy;

import ai.continual.config.LayerSpec;
import ai.continual.config.ModelConfig;
import ai.continual.config.Task;
import ai.continual.config.TrainingConfig;
import ai.continual.model.NetworkFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Small networks and Gaussian-blob data for strategy tests (no Spark). */
public final class TinyNets {

    public static final int FEATURES = 8;

    private TinyNets() {}

    public static MultiLayerNetwork mlp(int outputs, double learningRate) {
        return mlp(outputs, "sgd", learningRate);
    }

    public static MultiLayerNetwork mlp(int outputs, String updater, double learningRate) {
        return NetworkFactory.build(new ModelConfig(List.of(new LayerSpec(16, "relu")), 0),
                new TrainingConfig(1, 16, 1, updater, learningRate, 1, Optional.empty()), Task.CLASSIFICATION,
                FEATURES, outputs, 7);
    }

    /** One-example DataSets of blobs: class c has mean 3 on feature c. */
    public static List<DataSet> blobs(int[] classes, int perClass, int outputs, long seed) {
        Random random = new Random(seed);
        List<DataSet> out = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            for (int c : classes) {
                float[] x = new float[FEATURES];
                for (int f = 0; f < FEATURES; f++) {
                    x[f] = (float) (random.nextGaussian() * 0.5 + (f == c ? 3 : 0));
                }
                float[] y = new float[outputs];
                y[c] = 1;
                out.add(new DataSet(Nd4j.createFromArray(new float[][] {x}), Nd4j.createFromArray(new float[][] {y})));
            }
        }
        return out;
    }

    /** Fits {@code net} on minibatches of 16 for {@code epochs} passes, in a fixed order. */
    public static void fit(MultiLayerNetwork net, List<DataSet> examples, int epochs) {
        for (int e = 0; e < epochs; e++) {
            for (int i = 0; i < examples.size(); i += 16) {
                net.fit(DataSet.merge(examples.subList(i, Math.min(examples.size(), i + 16))));
            }
        }
    }

    /** Accuracy of {@code net} on {@code examples}. */
    public static double accuracy(MultiLayerNetwork net, List<DataSet> examples) {
        DataSet all = DataSet.merge(examples);
        var predicted = net.output(all.getFeatures()).argMax(1);
        var actual = all.getLabels().argMax(1);
        return predicted.eq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue();
    }
}
