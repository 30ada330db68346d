package ai.continual.normalize;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

/**
 * The stored normalizer as plain numbers, cheap to ship to executors: features {@code (x - mean) / std} and, for a
 * regression model fitted with target statistics, the target {@code (y - targetMean) / targetStd}.
 *
 * <p>A regression network trains on standardised targets, so its outputs are in standardised units too:
 * {@link #toTargetUnits} maps them back before they meet a label, so that every metric, flip count and score is in
 * the target's own units. Without target statistics (classification, or a model stored before targets were
 * standardised) the target is used as it is.
 */
public record Standardizer(double[] mean, double[] std, double targetMean, double targetStd) implements Serializable {

    /** Features scaled, target used as it is. */
    public Standardizer(double[] mean, double[] std) {
        this(mean, std, 0, 1);
    }

    public static Standardizer of(NormalizerStandardize normalizer) {
        double[] mean = normalizer.getMean().toDoubleVector();
        double[] std = normalizer.getStd().toDoubleVector();
        if (!normalizer.isFitLabel() || normalizer.getLabelMean() == null) {
            return new Standardizer(mean, std);
        }
        return new Standardizer(mean, std, normalizer.getLabelMean().getDouble(0),
                normalizer.getLabelStd().getDouble(0));
    }

    public int numFeatures() {
        return mean.length;
    }

    /** The scaled features as floats, the precision the networks train in. */
    public float[] scale(double[] features) {
        float[] out = new float[features.length];
        for (int i = 0; i < features.length; i++) {
            out[i] = (float) ((features[i] - mean[i]) / std[i]);
        }
        return out;
    }

    /**
     * Whether regression targets are standardised: if not, {@link #scaleTarget} and {@link #toTargetUnits} are no-ops.
     */
    public boolean scalesTarget() {
        return targetMean != 0 || targetStd != 1;
    }

    /** A regression target in the units the network trains in. */
    public float scaleTarget(double target) {
        return (float) ((target - targetMean) / targetStd);
    }

    /** A regression network's outputs in the target's units ({@code output} itself when targets are not scaled). */
    public INDArray toTargetUnits(INDArray output) {
        return scalesTarget() ? output.mul(targetStd).addi(targetMean) : output;
    }
}
