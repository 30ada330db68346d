package ai.continual.strategy;

import ai.continual.model.LayerFreezer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Online EWC (Schwarz et al., 2018): before an update, every trainable parameter is pulled by an {@link EwcPenalty}
 * anchored at the parent's weights and weighted by the parent's running diagonal Fisher; after training the
 * penalties are removed so the stored model carries none. The running Fisher decays by γ per version.
 * Wrapped layers (the {@code LastTimeStep} around an LSTM) get the penalty on the layer they wrap. Batch-norm
 * parameters get none: DL4J never regularises them ({@code BatchNormalization.getRegularizationByParam} is null).
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
        Map<String, long[]> segments = FlatParams.segments(net);
        for (int i = 0; i < net.getnLayers(); i++) {
            Optional<BaseLayer> trained = trainedConf(net, i);
            if (trained.isEmpty()) {
                continue;
            }
            BaseLayer base = trained.get();
            List<String> weights = new ArrayList<>();
            List<String> biases = new ArrayList<>();
            for (String key : segments.keySet()) {
                if (key.startsWith(i + "_")) {
                    String name = key.substring(key.indexOf('_') + 1);
                    (base.initializer().isBiasParam(base, name) ? biases : weights).add(key);
                }
            }
            base.setRegularization(replace(base.getRegularization(),
                    penalty(lambda, weights, segments, net.params(), fisher)));
            base.setRegularizationBias(replace(base.getRegularizationBias(),
                    penalty(lambda, biases, segments, net.params(), fisher)));
        }
    }

    /** Removes every EWC penalty from {@code net}'s layers (before it is stored or served). */
    public static void detach(MultiLayerNetwork net) {
        for (int i = 0; i < net.getnLayers(); i++) {
            trainedConf(net, i).ifPresent(base -> {
                base.setRegularization(replace(base.getRegularization(), null));
                base.setRegularizationBias(replace(base.getRegularizationBias(), null));
            });
        }
    }

    /** True when any layer of {@code net} carries an EWC penalty. */
    public static boolean attached(MultiLayerNetwork net) {
        for (int i = 0; i < net.getnLayers(); i++) {
            Optional<BaseLayer> base = trainedConf(net, i);
            if (base.isPresent() && (base.get().getRegularization().stream().anyMatch(r -> r instanceof EwcPenalty)
                    || base.get().getRegularizationBias().stream().anyMatch(r -> r instanceof EwcPenalty))) {
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

    /**
     * The configuration that holds the regularisation of layer {@code index}'s parameters: none for a frozen
     * layer, the wrapped layer for a wrapper such as {@code LastTimeStep}. DL4J's running layer uses that same
     * wrapped object (and {@code MultiLayerNetwork.clone()} shares it between clones).
     */
    private static Optional<BaseLayer> trainedConf(MultiLayerNetwork net, int index) {
        if (LayerFreezer.isFrozen(net, index)) {
            return Optional.empty(); // frozen layers are not trained, so they need no pull
        }
        Layer conf = net.getLayerWiseConfigurations().getConf(index).getLayer();
        while (conf instanceof BaseWrapperLayer wrapper) {
            conf = wrapper.getUnderlying();
        }
        return conf instanceof BaseLayer base ? Optional.of(base) : Optional.empty();
    }

    /** One penalty over the parameter arrays {@code keys} (which share a regularisation list), or null if none. */
    private static EwcPenalty penalty(double lambda, List<String> keys, Map<String, long[]> segments, INDArray params,
                                      INDArray fisher) {
        if (keys.isEmpty()) {
            return null;
        }
        long[] offsets = new long[keys.size()];
        long[] lengths = new long[keys.size()];
        INDArray[] anchors = new INDArray[keys.size()];
        INDArray[] fishers = new INDArray[keys.size()];
        INDArray flatParams = params.reshape(params.length());
        INDArray flatFisher = fisher.reshape(fisher.length());
        for (int k = 0; k < keys.size(); k++) {
            long[] s = segments.get(keys.get(k));
            offsets[k] = s[0];
            lengths[k] = s[1];
            anchors[k] = flatParams.get(NDArrayIndex.interval(s[0], s[0] + s[1]));
            fishers[k] = flatFisher.get(NDArrayIndex.interval(s[0], s[0] + s[1]));
        }
        return new EwcPenalty(lambda, offsets, lengths, Nd4j.concat(0, anchors).dup(), Nd4j.concat(0, fishers).dup());
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
