package ai.continual.job.eval;

import ai.continual.config.Task;
import ai.continual.evaluation.NegativeFlips;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The rule of a negative flip for one row (see {@link NegativeFlips}): classification counts a row the parent
 * classified right and the new version gets wrong; regression a row whose absolute error more than doubled.
 * {@link DistributedEvaluator#evaluate} counts them in the same pass as the metrics.
 */
final class NegativeFlipCounter {

    private NegativeFlipCounter() {}

    /** Whether the row with {@code label} flipped from the parent's output {@code before} to {@code after}. */
    static boolean flipped(Task task, INDArray before, INDArray after, double label) {
        if (task == Task.CLASSIFICATION) {
            return before.argMax().getInt(0) == (int) label && after.argMax().getInt(0) != (int) label;
        }
        double oldError = Math.abs(before.getDouble(0) - label);
        double newError = Math.abs(after.getDouble(0) - label);
        return newError > 2 * oldError;
    }
}
