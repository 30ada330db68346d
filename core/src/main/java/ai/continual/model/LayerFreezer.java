package ai.continual.model;

import ai.continual.config.TrainingConfig;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;

/**
 * Freezes the first k layers of a network (its fixed part) through DL4J's transfer-learning API, so that
 * parameter averaging leaves them bit-identical while the remaining layers keep learning.
 */
public final class LayerFreezer {

    private LayerFreezer() {}

    /** Number of leading layers that are already frozen. */
    public static int frozenLayerCount(MultiLayerNetwork net) {
        int count = 0;
        while (count < net.getnLayers()
                && net.getLayerWiseConfigurations().getConf(count).getLayer() instanceof FrozenLayer) {
            count++;
        }
        return count;
    }

    /**
     * Returns {@code net} with its first {@code k} layers frozen. A network that already has exactly k
     * frozen layers comes back unchanged (keeping its updater state); unfreezing is refused because the
     * stored lineage would no longer say which part was fixed.
     */
    public static MultiLayerNetwork freezeFirst(MultiLayerNetwork net, int k, TrainingConfig training, long seed) {
        int frozen = frozenLayerCount(net);
        if (frozen == k) {
            return net;
        }
        if (frozen > k) {
            throw new IllegalArgumentException("The stored model has its first " + frozen + " layers frozen but"
                    + " model.frozen-layers is " + k + "; set model.frozen-layers = " + frozen
                    + " or start a new model-name to change the fixed part");
        }
        if (k >= net.getnLayers()) {
            throw new IllegalArgumentException("model.frozen-layers = " + k + " would freeze the output layer too;"
                    + " the network has " + net.getnLayers() + " layers, use at most " + (net.getnLayers() - 1));
        }
        FineTuneConfiguration fineTune = new FineTuneConfiguration.Builder()
                .updater(NetworkFactory.updater(training))
                .seed(seed)
                .build();
        return new TransferLearning.Builder(net).fineTuneConfiguration(fineTune).setFeatureExtractor(k - 1).build();
    }
}
