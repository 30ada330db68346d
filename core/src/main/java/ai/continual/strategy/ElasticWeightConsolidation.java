package ai.continual.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Online EWC (Schwarz et al., 2018): before an update, every trainable parameter gets an {@link EwcPenalty}
 * anchored at the parent's weights and weighted by the parent's running diagonal Fisher; after training the
 * penalties are removed so the stored model carries none. The running Fisher decays by γ per version.
 */
public final class ElasticWeightConsolidation {

    private ElasticWeightConsolidation() {}

    /**
     * Anchors {@code net} at its current weights with {@code fisher} (flat, aligned with {@code net}) and
     * strength {@code lambda}; any earlier EWC penalty is replaced, other regularisation kept.
     */
    public static void attach(MultiLayerNetwork net, INDArray fisher, double lambda) {
        if (fisher.length() != net.numParams()) {
            throw new IllegalArgumentException("The Fisher vector has " + fisher.length() + " values but the network has "
                    + net.numParams() + " parameters; remap it with FlatParams.remap first");
        }
        INDArray params = net.params();
        for (Map.Entry<String, long[]> e : FlatParams.segments(net).entrySet()) {
            String key = e.getKey();
            int layerIndex = Integer.parseInt(key.substring(0, key.indexOf('_')));
            String name = key.substring(key.indexOf('_') + 1);
            Layer conf = net.getLayerWiseConfigurations().getConf(layerIndex).getLayer();
            if (!(conf instanceof BaseLayer base)) {
                continue; // frozen layers are not trained, so they need no pull
            }
            EwcPenalty penalty = new EwcPenalty(lambda, FlatParams.segment(params, net, key),
                    FlatParams.segment(fisher, net, key));
            if (base.initializer().isBiasParam(base, name)) {
                base.setRegularizationBias(replace(base.getRegularizationBias(), penalty));
            } else {
                base.setRegularization(replace(base.getRegularization(), penalty));
            }
        }
    }

    /** Removes every EWC penalty from {@code net}'s layers (before it is stored or served). */
    public static void detach(MultiLayerNetwork net) {
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer conf = net.getLayerWiseConfigurations().getConf(i).getLayer();
            if (conf instanceof BaseLayer base) {
                base.setRegularization(replace(base.getRegularization(), null));
                base.setRegularizationBias(replace(base.getRegularizationBias(), null));
            }
        }
    }

    /** True when any layer of {@code net} carries an EWC penalty. */
    public static boolean attached(MultiLayerNetwork net) {
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer conf = net.getLayerWiseConfigurations().getConf(i).getLayer();
            if (conf instanceof BaseLayer base && (base.getRegularization().stream().anyMatch(r -> r instanceof EwcPenalty)
                    || base.getRegularizationBias().stream().anyMatch(r -> r instanceof EwcPenalty))) {
                return true;
            }
        }
        return false;
    }

    /** The running Fisher of a new version: γ·F_parent (re-laid onto the new network) + F_new. */
    public static INDArray runningFisher(INDArray parentFisher, MultiLayerNetwork parentNet, MultiLayerNetwork net,
                                         INDArray newFisher, double gamma) {
        if (parentFisher == null) {
            return newFisher.dup();
        }
        return FlatParams.remap(parentFisher, parentNet, net).muli(gamma).addi(newFisher.reshape(newFisher.length()));
    }

    private static List<Regularization> replace(List<Regularization> current, EwcPenalty penalty) {
        List<Regularization> out = new ArrayList<>();
        if (current != null) {
            current.stream().filter(r -> !(r instanceof EwcPenalty)).forEach(out::add);
        }
        if (penalty != null) {
            out.add(penalty);
        }
        return out;
    }
}
