package ai.continual.job.eval;

import ai.continual.config.Task;
import ai.continual.evaluation.NegativeFlips;

/**
 * The rule of a negative flip for one row (see {@link NegativeFlips}): classification counts a row the parent
 * classified right and the new version gets wrong; regression a row whose absolute error more than doubled.
 * {@link DistributedEvaluator#evaluate} counts them in the same pass as the metrics.
 */
final class NegativeFlipCounter {

    private NegativeFlipCounter() {}

    /** Whether the row with {@code label} flipped from the parent's output {@code before} to {@code after}. */
    static boolean flipped(Task task, float[] before, float[] after, double label) {
        if (task == Task.CLASSIFICATION) {
            return argMax(before) == (int) label && argMax(after) != (int) label;
        }
        double oldError = Math.abs(before[0] - label);
        double newError = Math.abs(after[0] - label);
        return newError > 2 * oldError;
    }

    /** The index of the largest value, the first on a tie (as ND4J's argMax). */
    static int argMax(float[] values) {
        int best = 0;
        for (int k = 1; k < values.length; k++) {
            if (values[k] > values[best]) {
                best = k;
            }
        }
        return best;
    }
}
