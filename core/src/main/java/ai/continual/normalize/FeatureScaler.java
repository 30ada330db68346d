package ai.continual.normalize;

import java.io.Serializable;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

/**
 * The stored normalizer as two plain arrays, cheap to ship to executors: {@code (x - mean) / std}.
 */
public record FeatureScaler(double[] mean, double[] std) implements Serializable {

    public static FeatureScaler of(NormalizerStandardize normalizer) {
        return new FeatureScaler(normalizer.getMean().toDoubleVector(), normalizer.getStd().toDoubleVector());
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
}
