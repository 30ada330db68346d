package ai.continual.job.train;

import ai.continual.config.Task;
import ai.continual.job.data.ExampleRow;
import ai.continual.normalize.Standardizer;
import java.util.List;
import org.apache.spark.api.java.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns rows of the internal layout into DL4J DataSets: scaled features, and a one-hot label (classification) or
 * the target, standardised when the model's normalizer has target statistics (regression). As
 * {@link Minibatches} it fills one features and one labels array per minibatch; {@link #call} is one row's
 * example. Runs on executors.
 */
public final class RowToDataSet implements Function<ExampleRow, DataSet>, Minibatches<ExampleRow> {
    private static final long serialVersionUID = 1L;

    private final Standardizer scaler;
    private final Task task;
    private final int numOutputs;

    public RowToDataSet(Standardizer scaler, Task task, int numOutputs) {
        this.scaler = scaler;
        this.task = task;
        this.numOutputs = numOutputs;
    }

    /** One row as a one-example DataSet. */
    @Override
    public DataSet call(ExampleRow row) {
        return batch(List.of(row));
    }

    @Override
    public DataSet batch(List<ExampleRow> rows) {
        float[][] targets = new float[rows.size()][];
        for (int i = 0; i < targets.length; i++) {
            double label = rows.get(i).getLabel();
            if (task == Task.CLASSIFICATION) {
                targets[i] = new float[numOutputs];
                targets[i][(int) label] = 1f;
            } else {
                targets[i] = new float[] {scaler.scaleTarget(label)};
            }
        }
        return new DataSet(features(rows, scaler), Nd4j.createFromArray(targets));
    }

    /** The scaled features of {@code rows}, one row each, in one array (as a network takes a minibatch). */
    public static INDArray features(List<ExampleRow> rows, Standardizer scaler) {
        float[][] features = new float[rows.size()][];
        for (int i = 0; i < features.length; i++) {
            features[i] = scaler.scale(rows.get(i).getFeatures());
        }
        return Nd4j.createFromArray(features);
    }
}
