package ai.continual.job.eval;

import ai.continual.config.Task;
import ai.continual.evaluation.NegativeFlips;
import ai.continual.metrics.ConfusionCounts;

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
            return ConfusionCounts.predictedClass(before) == (int) label
                    && ConfusionCounts.predictedClass(after) != (int) label;
        }
        double oldError = Math.abs(before[0] - label);
        double newError = Math.abs(after[0] - label);
        return newError > 2 * oldError;
    }
}
