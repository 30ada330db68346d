package ai.continual.selection;

import java.util.BitSet;

/**
 * Decides from held-out rows whether old data still agrees with the new: a model trained with replay of old
 * dates and one trained on the new rows only are scored on the new date's selection rows. When old dates still
 * hold, replay scores about as well there (or better: more data); when their targets contradict the new
 * date's, the replay model must compromise and scores clearly worse. "Clearly" is {@code margin} and, for
 * accuracy, three standard errors of the difference.
 *
 * <p>For classification the score is the accuracy of the arg-max among the labels present in the new date's
 * rows: on class-incremental data a replay model rightly spreads its predictions over the old classes too, and
 * that must not read as a contradiction.
 */
public final class StaleHistoryCheck {

    private StaleHistoryCheck() {}

    /**
     * Classification: {@code replay} and {@code newRowsOnly} are the two models' outputs (rows × classes) on the
     * same {@code labels}.
     */
    public static StaleHistoryEvidence classification(double[][] replay, double[][] newRowsOnly, int[] labels,
                                                      double margin) {
        BitSet present = new BitSet();
        for (int label : labels) {
            present.set(label);
        }
        double p1 = restrictedAccuracy(replay, labels, present);
        double p2 = restrictedAccuracy(newRowsOnly, labels, present);
        int n = labels.length;
        double standardError = n == 0 ? 0 : Math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / n);
        return evidence(p1, p2, Math.max(margin, 3 * standardError), n);
    }

    /** Regression: the two models' predictions of {@code targets}, scored by R². */
    public static StaleHistoryEvidence regression(double[] replay, double[] newRowsOnly, double[] targets,
                                                  double margin) {
        return evidence(r2(replay, targets), r2(newRowsOnly, targets), margin, targets.length);
    }

    private static StaleHistoryEvidence evidence(double replay, double newRowsOnly, double threshold, long rows) {
        double gap = newRowsOnly - replay;
        return new StaleHistoryEvidence(replay, newRowsOnly, gap, threshold, rows, rows > 0 && gap > threshold);
    }

    private static double restrictedAccuracy(double[][] outputs, int[] labels, BitSet present) {
        if (labels.length == 0) {
            return 0;
        }
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = -1;
            for (int c = present.nextSetBit(0); c >= 0; c = present.nextSetBit(c + 1)) {
                if (c < outputs[i].length && (best < 0 || outputs[i][c] > outputs[i][best])) {
                    best = c;
                }
            }
            if (best == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }

    private static double r2(double[] predictions, double[] targets) {
        double mean = 0;
        for (double t : targets) {
            mean += t;
        }
        mean /= Math.max(1, targets.length);
        double residual = 0;
        double total = 0;
        for (int i = 0; i < targets.length; i++) {
            residual += (targets[i] - predictions[i]) * (targets[i] - predictions[i]);
            total += (targets[i] - mean) * (targets[i] - mean);
        }
        return total == 0 ? 0 : 1 - residual / total;
    }
}
