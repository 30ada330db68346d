package ai.continual.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A K×K confusion matrix (true class × predicted class) that executors fill and Spark merges, so
 * classification metrics are computed without collecting predictions to the driver.
 */
public final class ConfusionCounts implements MetricAccumulator {
    private static final long serialVersionUID = 1L;

    private final long[][] counts;

    public ConfusionCounts(int numClasses) {
        this.counts = new long[numClasses][numClasses];
    }

    public int numClasses() {
        return counts.length;
    }

    public ConfusionCounts add(int actual, int predicted) {
        counts[actual][predicted]++;
        return this;
    }

    @Override
    public void add(double label, float[] output) {
        add((int) label, predictedClass(output));
    }

    /** The class a network's {@code output} predicts: the index of its largest value, the first on a tie. */
    public static int predictedClass(float[] output) {
        int best = 0;
        for (int i = 1; i < output.length; i++) {
            if (output[i] > output[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public ConfusionCounts merge(MetricAccumulator accumulator) {
        ConfusionCounts other = (ConfusionCounts) accumulator;
        if (other.counts.length != counts.length) {
            throw new IllegalArgumentException("Cannot merge " + other.counts.length + " classes into " + counts.length);
        }
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < counts.length; j++) {
                counts[i][j] += other.counts[i][j];
            }
        }
        return this;
    }

    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    public long total() {
        return Arrays.stream(counts).flatMapToLong(Arrays::stream).sum();
    }

    /** Accuracy over all rows, and per class over the classes that have rows. */
    @Override
    public EvaluationResult toResult() {
        long total = 0;
        long correct = 0;
        Map<Integer, Double> perClass = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            long rowTotal = Arrays.stream(counts[i]).sum();
            total += rowTotal;
            correct += counts[i][i];
            if (rowTotal > 0) {
                perClass.put(i, (double) counts[i][i] / rowTotal);
            }
        }
        Double accuracy = total == 0 ? null : (double) correct / total;
        return EvaluationResult.classification(total, accuracy, perClass);
    }
}
