package ai.continual.model;

import ai.continual.config.ConfigException;
import ai.continual.config.ModelConfig;
import ai.continual.config.TrainingConfig;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;

/**
 * Freezes the first k layers of a network (its fixed part) through DL4J's transfer-learning API, so that
 * parameter averaging leaves them bit-identical while the remaining layers keep learning.
 */
public final class LayerFreezer {

    private LayerFreezer() {}

    /** Whether layer {@code index} of {@code net} is frozen (either of DL4J's frozen wrappers). */
    public static boolean isFrozen(MultiLayerNetwork net, int index) {
        Layer conf = net.getLayerWiseConfigurations().getConf(index).getLayer();
        return conf instanceof FrozenLayer || conf instanceof FrozenLayerWithBackprop;
    }

    /**
     * Returns {@code net} with the fixed part named by {@code model} frozen: the first
     * {@code model.frozen-layers} layers, or every layer up to and including the one it names.
     */
    public static MultiLayerNetwork freeze(MultiLayerNetwork net, ModelConfig model, TrainingConfig training,
                                           long seed) {
        return freezeFirst(net, frozenCount(net, model), training, seed);
    }

    /** How many leading layers of {@code net} the config's {@code model.frozen-layers} freezes. */
    public static int frozenCount(MultiLayerNetwork net, ModelConfig model) {
        if (model.frozenThrough().isEmpty()) {
            return model.frozenLayers();
        }
        String name = model.frozenThrough().get();
        List<String> names = NetworkInputs.layerNames(net);
        int index = names.indexOf(name);
        if (index < 0) {
            throw new ConfigException("Config key 'model.frozen-layers' names layer '" + name + "', which the"
                    + " network does not have; its layers are " + names + ". Name one of them or give a number.");
        }
        return index + 1;
    }

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
            throw new ConfigException("The stored model has its first " + frozen + " layers frozen but"
                    + " model.frozen-layers is " + k + "; set model.frozen-layers = " + frozen
                    + " or start a new model-name to change the fixed part");
        }
        if (k >= net.getnLayers()) {
            throw new ConfigException("model.frozen-layers = " + k + " would freeze the output layer too;"
                    + " the network has " + net.getnLayers() + " layers, use at most " + (net.getnLayers() - 1));
        }
        FineTuneConfiguration fineTune = new FineTuneConfiguration.Builder()
                .updater(NetworkFactory.updater(training))
                .seed(seed)
                .build();
        return new TransferLearning.Builder(net).fineTuneConfiguration(fineTune).setFeatureExtractor(k - 1).build();
    }
}
