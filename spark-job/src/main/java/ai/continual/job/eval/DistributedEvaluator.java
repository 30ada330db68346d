package ai.continual.job.eval;

import ai.continual.config.Task;
import ai.continual.job.data.TrainingRows;
import ai.continual.metrics.EvaluationResult;
import ai.continual.metrics.MetricAccumulator;
import ai.continual.normalize.FeatureScaler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scala.Tuple2;

/**
 * Evaluates a network on Spark: the model is broadcast, executors predict in minibatches and fill one
 * {@link MetricAccumulator} per partition date, and only those small states come back to the driver.
 */
public final class DistributedEvaluator {

    private static final int BATCH = 256;

    private final JavaSparkContext sc;
    private final Task task;
    private final int numClasses;

    public DistributedEvaluator(JavaSparkContext sc, Task task, int numClasses) {
        this.sc = sc;
        this.task = task;
        this.numClasses = numClasses;
    }

    /** Metrics per value of the {@code date} column of {@code rows}. */
    public Map<String, EvaluationResult> evaluateByDate(MultiLayerNetwork network, FeatureScaler scaler,
                                                        Dataset<Row> rows) {
        Broadcast<byte[]> model = sc.broadcast(toBytes(network));
        Task task = this.task;
        int numClasses = this.numClasses;
        Map<String, MetricAccumulator> merged = rows.toJavaRDD()
                .mapPartitionsToPair(it -> evaluatePartition(it, fromBytes(model.value()), scaler, task, numClasses))
                .reduceByKey(MetricAccumulator::merge)
                .collectAsMap();
        model.destroy();
        Map<String, EvaluationResult> results = new TreeMap<>();
        merged.forEach((date, accumulator) -> results.put(date, accumulator.toResult()));
        return results;
    }

    private static Iterator<Tuple2<String, MetricAccumulator>> evaluatePartition(
            Iterator<Row> rows, MultiLayerNetwork network, FeatureScaler scaler, Task task, int numClasses) {
        Map<String, MetricAccumulator> byDate = new HashMap<>();
        List<Row> batch = new ArrayList<>(BATCH);
        while (rows.hasNext()) {
            batch.add(rows.next());
            if (batch.size() == BATCH || !rows.hasNext()) {
                float[][] features = new float[batch.size()][];
                for (int i = 0; i < batch.size(); i++) {
                    features[i] = scaler.scale(toDoubles(batch.get(i).getList(batch.get(i).fieldIndex(TrainingRows.FEATURES))));
                }
                INDArray output = network.output(Nd4j.createFromArray(features), false);
                for (int i = 0; i < batch.size(); i++) {
                    Row row = batch.get(i);
                    String date = row.getString(row.fieldIndex(TrainingRows.DATE));
                    byDate.computeIfAbsent(date, d -> MetricAccumulator.forTask(task, numClasses))
                            .add(row.getDouble(row.fieldIndex(TrainingRows.LABEL)), output.getRow(i).toFloatVector());
                }
                batch.clear();
            }
        }
        List<Tuple2<String, MetricAccumulator>> out = new ArrayList<>();
        byDate.forEach((date, accumulator) -> out.add(new Tuple2<>(date, accumulator)));
        return out.iterator();
    }

    private static double[] toDoubles(List<Double> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /** The network as bytes (no updater state), for broadcasting. */
    public static byte[] toBytes(MultiLayerNetwork network) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ModelSerializer.writeModel(network, out, false);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The inverse of {@link #toBytes}. */
    public static MultiLayerNetwork fromBytes(byte[] bytes) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
