package ai.continual.fusion;

import ai.continual.model.LayerFreezer;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Old/new model fusion by weight interpolation (WiSE-FT, Wortsman et al., 2022):
 * θ = (1−α)·θ_old + α·θ_new per parameter. α = 0 gives the old weights exactly, α = 1 the new. When the
 * new model grew its output layer, the new outputs have no old counterpart and keep the new weights.
 * The same operation with α = 1−β is one step of an exponential moving average of weights. Frozen layers keep
 * the trained network's values untouched: they equal the old ones, and (1−α)·x + α·x is not always x in float,
 * so mixing them would break the bit-identical fixed part that {@code model.frozen-layers} promises.
 */
public final class WeightInterpolation {

    private WeightInterpolation() {}

    /** A copy of {@code trained} (with its updater state) whose weights are the interpolation. */
    public static MultiLayerNetwork interpolate(MultiLayerNetwork old, MultiLayerNetwork trained, double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("Fusion weight alpha must be in [0, 1], got " + alpha);
        }
        MultiLayerNetwork fused = trained.clone();
        for (Map.Entry<String, INDArray> e : trained.paramTable().entrySet()) {
            if (frozen(trained, e.getKey())) {
                continue;
            }
            INDArray oldParam = old.paramTable().get(e.getKey());
            if (oldParam == null) {
                throw new IllegalArgumentException("Cannot fuse: the old model has no parameter " + e.getKey()
                        + "; fusion needs models of the same architecture");
            }
            fused.setParam(e.getKey(), mix(oldParam, e.getValue(), alpha));
        }
        return fused;
    }

    private static boolean frozen(MultiLayerNetwork net, String paramKey) {
        return LayerFreezer.isFrozen(net, Integer.parseInt(paramKey.substring(0, paramKey.indexOf('_'))));
    }

    private static INDArray mix(INDArray old, INDArray updated, double alpha) {
        if (alpha == 1.0) {
            return updated.dup();
        }
        INDArray out = updated.dup();
        INDArrayIndex[] block = new INDArrayIndex[old.rank()];
        for (int d = 0; d < old.rank(); d++) {
            if (old.size(d) > updated.size(d) || (d == 0 && old.size(0) != updated.size(0) && old.rank() > 1)) {
                throw new IllegalArgumentException("Cannot fuse a parameter of shape "
                        + java.util.Arrays.toString(old.shape()) + " into " + java.util.Arrays.toString(updated.shape()));
            }
            block[d] = NDArrayIndex.interval(0, old.size(d));
        }
        INDArray target = out.get(block);
        if (alpha == 0.0) {
            target.assign(old);
        } else {
            target.assign(old.mul(1 - alpha).addi(updated.get(block).mul(alpha)));
        }
        return out;
    }
}
