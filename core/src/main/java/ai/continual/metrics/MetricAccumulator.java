package ai.continual.metrics;

import ai.continual.config.Task;
import java.io.Serializable;

/**
 * Mergeable evaluation state for one set of rows: executors add (label, network output) pairs and
 * Spark merges the partial states, so metrics never need the rows on the driver.
 */
public interface MetricAccumulator extends Serializable {

    /** Adds one row: its label and the network's output for it. */
    void add(double label, float[] output);

    /** Adds {@code other} (of the same kind) into this one and returns this. */
    MetricAccumulator merge(MetricAccumulator other);

    EvaluationResult toResult();

    /** An empty accumulator for the task: a confusion matrix or regression moments. */
    static MetricAccumulator forTask(Task task, int numClasses) {
        return task == Task.CLASSIFICATION ? new ConfusionCounts(numClasses) : new RegressionMoments();
    }
}
