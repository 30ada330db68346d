package ai.continual.job.eval;

import ai.continual.config.Task;
import ai.continual.evaluation.NegativeFlips;
import ai.continual.job.data.TrainingRows;
import ai.continual.normalize.FeatureScaler;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Counts negative flips on Spark: both versions are broadcast and executors count the rows the parent got
 * right and the new version gets wrong (see {@link NegativeFlips} for regression).
 */
public final class NegativeFlipCounter {

    private static final int BATCH = 256;

    private NegativeFlipCounter() {}

    public static NegativeFlips count(JavaSparkContext sc, Task task, MultiLayerNetwork parent, FeatureScaler parentScaler,
                                      MultiLayerNetwork current, FeatureScaler scaler, Dataset<Row> rows) {
        Broadcast<byte[]> before = sc.broadcast(DistributedEvaluator.toBytes(parent));
        Broadcast<byte[]> after = sc.broadcast(DistributedEvaluator.toBytes(current));
        long[] counts = rows.toJavaRDD()
                .mapPartitions(it -> List.of(countPartition(it, DistributedEvaluator.fromBytes(before.value()),
                        parentScaler, DistributedEvaluator.fromBytes(after.value()), scaler, task)).iterator())
                .fold(new long[2], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        before.destroy();
        after.destroy();
        return new NegativeFlips(counts[0], counts[1]);
    }

    private static long[] countPartition(Iterator<Row> rows, MultiLayerNetwork parent, FeatureScaler parentScaler,
                                         MultiLayerNetwork current, FeatureScaler scaler, Task task) {
        long total = 0;
        long flips = 0;
        List<Row> batch = new ArrayList<>(BATCH);
        while (rows.hasNext()) {
            batch.add(rows.next());
            if (batch.size() == BATCH || !rows.hasNext()) {
                INDArray oldOut = parent.output(features(batch, parentScaler), false);
                INDArray newOut = current.output(features(batch, scaler), false);
                for (int i = 0; i < batch.size(); i++) {
                    double label = batch.get(i).getDouble(batch.get(i).fieldIndex(TrainingRows.LABEL));
                    boolean flipped;
                    if (task == Task.CLASSIFICATION) {
                        flipped = oldOut.getRow(i).argMax().getInt(0) == (int) label
                                && newOut.getRow(i).argMax().getInt(0) != (int) label;
                    } else {
                        double oldError = Math.abs(oldOut.getDouble(i, 0) - label);
                        double newError = Math.abs(newOut.getDouble(i, 0) - label);
                        flipped = newError > 2 * oldError;
                    }
                    total++;
                    flips += flipped ? 1 : 0;
                }
                batch.clear();
            }
        }
        return new long[] {total, flips};
    }

    private static INDArray features(List<Row> batch, FeatureScaler scaler) {
        float[][] features = new float[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            List<Double> values = batch.get(i).getList(batch.get(i).fieldIndex(TrainingRows.FEATURES));
            double[] raw = new double[values.size()];
            for (int j = 0; j < raw.length; j++) {
                raw[j] = values.get(j);
            }
            features[i] = scaler.scale(raw);
        }
        return Nd4j.createFromArray(features);
    }
}
