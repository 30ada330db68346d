package ai.continual.job.train;

import ai.continual.config.Task;
import ai.continual.job.data.ExampleRow;
import ai.continual.normalize.Standardizer;
import org.apache.spark.api.java.function.Function;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns one row of the internal layout into a one-example DL4J DataSet: scaled features, and a one-hot
 * label (classification) or the target, standardised when the model's normalizer has target statistics
 * (regression). Runs on executors.
 */
public final class RowToDataSet implements Function<ExampleRow, DataSet> {
    private static final long serialVersionUID = 1L;

    private final Standardizer scaler;
    private final Task task;
    private final int numOutputs;

    public RowToDataSet(Standardizer scaler, Task task, int numOutputs) {
        this.scaler = scaler;
        this.task = task;
        this.numOutputs = numOutputs;
    }

    @Override
    public DataSet call(ExampleRow row) {
        double[] features = row.getFeatures();
        double label = row.getLabel();
        float[] target;
        if (task == Task.CLASSIFICATION) {
            target = new float[numOutputs];
            target[(int) label] = 1f;
        } else {
            target = new float[] {scaler.scaleTarget(label)};
        }
        return new DataSet(
                Nd4j.createFromArray(new float[][] {scaler.scale(features)}),
                Nd4j.createFromArray(new float[][] {target}));
    }
}
