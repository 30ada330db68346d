package ai.continual.normalize;

import ai.continual.config.NormalizerKind;
import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-feature count, sum and sum of squares (and those of a regression target), filled on executors and merged by
 * Spark, from which the normalizer of version 1 is fitted without collecting rows to the driver.
 */
public final class FeatureStatistics implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Standard deviations below this are treated as 1, so constant features do not blow up. */
    static final double MIN_STD = 1e-6;

    private long n;
    private double[] sum;
    private double[] sumSquares;
    private double targetSum;
    private double targetSumSquares;

    /** Adds one row's features and its regression target. */
    public FeatureStatistics add(double[] features, double target) {
        add(features);
        targetSum += target;
        targetSumSquares += target * target;
        return this;
    }

    public FeatureStatistics add(double[] features) {
        if (sum == null) {
            sum = new double[features.length];
            sumSquares = new double[features.length];
        } else if (features.length != sum.length) {
            throw new IllegalArgumentException("Feature vectors of length " + sum.length + " and " + features.length);
        }
        n++;
        for (int i = 0; i < features.length; i++) {
            sum[i] += features[i];
            sumSquares[i] += features[i] * features[i];
        }
        return this;
    }

    /** Adds {@code other} into this one and returns this. */
    public FeatureStatistics merge(FeatureStatistics other) {
        if (other.sum == null) {
            return this;
        }
        targetSum += other.targetSum;
        targetSumSquares += other.targetSumSquares;
        if (sum == null) {
            n = other.n;
            sum = other.sum.clone();
            sumSquares = other.sumSquares.clone();
            return this;
        }
        if (other.sum.length != sum.length) {
            throw new IllegalArgumentException("Feature vectors of length " + sum.length + " and " + other.sum.length);
        }
        n += other.n;
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.sum[i];
            sumSquares[i] += other.sumSquares[i];
        }
        return this;
    }

    public long count() {
        return n;
    }

    /**
     * A DL4J standardizer for {@code kind}: per-feature mean and std, one global mean and std repeated
     * over all features, or mean 0 and std 1 for {@link NormalizerKind#NONE}; no target statistics.
     */
    public NormalizerStandardize toNormalizer(NormalizerKind kind) {
        return toNormalizer(kind, false);
    }

    /**
     * As {@link #toNormalizer(NormalizerKind)}, plus, when {@code standardizeTarget}, the mean and std of the targets
     * added with {@link #add(double[], double)} as the normalizer's label statistics (stored with it).
     */
    public NormalizerStandardize toNormalizer(NormalizerKind kind, boolean standardizeTarget) {
        if (n == 0) {
            throw new IllegalStateException("No rows to fit a normalizer on");
        }
        int d = sum.length;
        double[] mean = new double[d];
        double[] std = new double[d];
        switch (kind) {
            case PER_FEATURE -> {
                for (int i = 0; i < d; i++) {
                    mean[i] = sum[i] / n;
                    std[i] = stdOrOne(sumSquares[i] / n - mean[i] * mean[i]);
                }
            }
            case GLOBAL -> {
                double total = Arrays.stream(sum).sum();
                double totalSquares = Arrays.stream(sumSquares).sum();
                double globalMean = total / ((double) n * d);
                double globalStd = stdOrOne(totalSquares / ((double) n * d) - globalMean * globalMean);
                Arrays.fill(mean, globalMean);
                Arrays.fill(std, globalStd);
            }
            case NONE -> Arrays.fill(std, 1.0);
        }
        INDArray featureMean = Nd4j.create(mean).reshape(1, d).castTo(DataType.FLOAT);
        INDArray featureStd = Nd4j.create(std).reshape(1, d).castTo(DataType.FLOAT);
        if (!standardizeTarget) {
            return new NormalizerStandardize(featureMean, featureStd);
        }
        double targetMean = targetSum / n;
        double targetStd = stdOrOne(targetSumSquares / n - targetMean * targetMean);
        return new NormalizerStandardize(featureMean, featureStd,
                Nd4j.create(new double[] {targetMean}).reshape(1, 1).castTo(DataType.FLOAT),
                Nd4j.create(new double[] {targetStd}).reshape(1, 1).castTo(DataType.FLOAT));
    }

    private static double stdOrOne(double variance) {
        double std = Math.sqrt(Math.max(0, variance));
        return std < MIN_STD ? 1.0 : std;
    }
}
