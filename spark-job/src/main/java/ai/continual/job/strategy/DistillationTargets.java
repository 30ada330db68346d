package ai.continual.job.strategy;

import ai.continual.config.LwfConfig;
import ai.continual.config.Task;
import ai.continual.job.data.ExampleRow;
import ai.continual.job.train.Minibatches;
import ai.continual.job.train.RowToDataSet;
import ai.continual.model.NetworkBytes;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Learning without forgetting on executors: the parent model (broadcast) predicts every training row and
 * its softened prediction is mixed into the target, y = (1−α)·y_true + α·softmax(z_parent / T). For
 * regression the parent's prediction is mixed in directly. A parent with fewer outputs (the output layer
 * grew since) gives the new classes zero soft mass.
 */
public final class DistillationTargets implements Minibatches<ExampleRow> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> parent;
    private final RowToDataSet toDataSet;
    private final Task task;
    private final double alpha;
    private final double temperature;
    /** The parent, rebuilt once per task from the broadcast bytes. */
    private transient MultiLayerNetwork teacher;

    public DistillationTargets(Broadcast<byte[]> parent, RowToDataSet toDataSet, Task task, LwfConfig config) {
        this.parent = parent;
        this.toDataSet = toDataSet;
        this.task = task;
        this.alpha = config.alpha();
        this.temperature = config.temperature();
    }

    /** The minibatch of {@code rows} with the parent's prediction of the whole minibatch mixed into its targets. */
    @Override
    public DataSet batch(List<ExampleRow> rows) {
        if (teacher == null) {
            teacher = NetworkBytes.network(parent.value());
        }
        DataSet plain = toDataSet.batch(rows);
        float[][] truth = plain.getLabels().toFloatMatrix();
        float[][] predicted = teacher.output(plain.getFeatures(), false).toFloatMatrix();
        float[][] targets = new float[truth.length][];
        for (int i = 0; i < truth.length; i++) {
            targets[i] = mix(truth[i], predicted[i]);
        }
        return new DataSet(plain.getFeatures(), Nd4j.createFromArray(targets));
    }

    /** The mixed target for one row: {@code truth} from the data, {@code teacher} the parent's output. */
    float[] mix(float[] truth, float[] teacher) {
        float[] soft = task == Task.CLASSIFICATION ? soften(teacher, truth.length) : teacher;
        float[] target = new float[truth.length];
        for (int k = 0; k < target.length; k++) {
            target[k] = (float) ((1 - alpha) * truth[k] + alpha * (k < soft.length ? soft[k] : 0));
        }
        return target;
    }

    /** softmax(z/T) from probabilities p = softmax(z): p^(1/T), renormalised, padded to {@code size}. */
    private float[] soften(float[] probabilities, int size) {
        double[] powered = new double[size];
        double sum = 0;
        for (int k = 0; k < Math.min(size, probabilities.length); k++) {
            powered[k] = Math.pow(Math.max(probabilities[k], 1e-12), 1.0 / temperature);
            sum += powered[k];
        }
        float[] out = new float[size];
        for (int k = 0; k < size; k++) {
            out[k] = (float) (powered[k] / sum);
        }
        return out;
    }
}
