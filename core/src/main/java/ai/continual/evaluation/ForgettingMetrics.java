package ai.continual.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The standard continual-learning summaries of one row of an {@link AccuracyMatrix}:
 * <ul>
 *   <li>average score: mean over every partition the version was evaluated on;</li>
 *   <li>backward transfer (Lopez-Paz and Ranzato, 2017): mean over partitions learned before this version
 *       of (current score − score right after the partition was learned); negative means forgetting;</li>
 *   <li>forgetting per partition (Chaudhry et al., 2018): best score of any earlier version on the
 *       partition minus the current score, for partitions learned before this version.</li>
 * </ul>
 */
public final class ForgettingMetrics {

    private ForgettingMetrics() {}

    /** Mean score of version {@code row} over the partitions it was evaluated on; null if none. */
    public static Double averageScore(AccuracyMatrix m, int row) {
        double sum = 0;
        int n = 0;
        for (int j = 0; j < m.columnCount(); j++) {
            if (m.get(row, j) != null) {
                sum += m.get(row, j);
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    /** Backward transfer of version {@code row}; null when no partition was learned before it. */
    public static Double backwardTransfer(AccuracyMatrix m, int row) {
        double sum = 0;
        int n = 0;
        for (int j = 0; j < m.columnCount(); j++) {
            int learned = m.learnedAt(j);
            if (learned >= 0 && learned < row && m.get(row, j) != null) {
                sum += m.get(row, j) - m.get(learned, j);
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    /** Forgetting of version {@code row} per partition learned before it, keyed by partition. */
    public static Map<String, Double> forgetting(AccuracyMatrix m, int row) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int j = 0; j < m.columnCount(); j++) {
            int learned = m.learnedAt(j);
            if (learned < 0 || learned >= row || m.get(row, j) == null) {
                continue;
            }
            double best = Double.NEGATIVE_INFINITY;
            for (int l = learned; l < row; l++) {
                if (m.get(l, j) != null) {
                    best = Math.max(best, m.get(l, j));
                }
            }
            out.put(m.partitions().get(j), best - m.get(row, j));
        }
        return out;
    }

    /** Mean of {@link #forgetting}; null when nothing was learned before {@code row}. */
    public static Double averageForgetting(AccuracyMatrix m, int row) {
        Map<String, Double> f = forgetting(m, row);
        return f.isEmpty() ? null : f.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
