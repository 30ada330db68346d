package ai.continual.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What a stored network expects as input and what its layers are called, read from the network itself
 * (not from config), so that checks hold for networks built from config and for imported ones alike.
 */
public final class NetworkInputs {

    private NetworkInputs() {}

    /**
     * The length of the flat feature row the network takes: the first layer's input width, or the
     * image or sequence size its first-layer preprocessor reshapes the flat row into.
     */
    public static int flatInputSize(MultiLayerNetwork net) {
        InputPreProcessor first = net.getLayerWiseConfigurations().getInputPreProcess(0);
        if (first instanceof FlatToSequencePreProcessor sequence) {
            return sequence.timeSteps() * sequence.stepWidth();
        }
        if (first instanceof FeedForwardToCnnPreProcessor image) {
            return Math.toIntExact(image.getInputHeight() * image.getInputWidth() * image.getNumChannels());
        }
        return Math.toIntExact(net.layerInputSize(0));
    }

    /** The time steps the network reads a row as, or 0 when it does not read sequences. */
    public static int timeSteps(MultiLayerNetwork net) {
        return net.getLayerWiseConfigurations().getInputPreProcess(0) instanceof FlatToSequencePreProcessor sequence
                ? sequence.timeSteps() : 0;
    }

    /** The layer names in order (DL4J names unnamed layers by their index). */
    public static List<String> layerNames(MultiLayerNetwork net) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayerWiseConfigurations().getConf(i).getLayer();
            String name = layer.getLayerName();
            if (name == null && layer instanceof FrozenLayer frozen) {
                name = frozen.getLayer().getLayerName();
            }
            names.add(name);
        }
        return names;
    }
}
