package ai.continual.job.eval;

import ai.continual.config.Task;
import ai.continual.evaluation.NegativeFlips;
import ai.continual.job.data.ExampleRow;
import ai.continual.job.train.RowToDataSet;
import ai.continual.metrics.EvaluationResult;
import ai.continual.metrics.MetricAccumulator;
import ai.continual.model.NetworkBytes;
import ai.continual.normalize.Standardizer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Evaluates a network on Spark: the model is broadcast, executors predict in minibatches and fill one
 * {@link MetricAccumulator} per partition date, and only those small states come back to the driver.
 * {@link #evaluate} also counts the negative flips against a parent in the same pass, so an update scores
 * its new version and compares it with the parent reading the evaluation rows once and predicting each row
 * once per network.
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
    public Map<String, EvaluationResult> evaluateByDate(MultiLayerNetwork network, Standardizer scaler,
                                                        Dataset<Row> rows) {
        return evaluate(network, scaler, null, null, rows).metrics();
    }

    /**
     * Metrics per date of {@code network} on {@code rows} and, when {@code parent} is not null, the rows the
     * parent (with its own scaler) got right and {@code network} gets wrong, in ONE distributed pass.
     */
    public Scores evaluate(MultiLayerNetwork network, Standardizer scaler, MultiLayerNetwork parent,
                           Standardizer parentScaler, Dataset<Row> rows) {
        Broadcast<byte[]> model = sc.broadcast(NetworkBytes.of(network));
        Broadcast<byte[]> before = parent == null ? null : sc.broadcast(NetworkBytes.of(parent));
        Task task = this.task;
        int numClasses = this.numClasses;
        try {
            PartitionScores total = ExampleRow.of(rows)
                    .mapPartitions(it -> List.of(scorePartition(it, NetworkBytes.network(model.value()), scaler,
                            before == null ? null : NetworkBytes.network(before.value()), parentScaler, task, numClasses))
                            .iterator())
                    .fold(new PartitionScores(), PartitionScores::merge);
            return new Scores(total.results(), parent == null ? null : new NegativeFlips(total.compared, total.flips));
        } finally {
            model.destroy();
            if (before != null) {
                before.destroy();
            }
        }
    }

    /**
     * Metrics per date of each of {@code networks} (all taking inputs scaled by {@code scaler}) on {@code rows}, in ONE
     * distributed pass: each row is read and scaled once and predicted once per network. Used to score the auto
     * strategy's candidates together instead of one Spark job per candidate.
     */
    public Map<String, Map<String, EvaluationResult>> evaluateEach(Map<String, MultiLayerNetwork> networks,
                                                                   Standardizer scaler, Dataset<Row> rows) {
        List<String> names = List.copyOf(networks.keySet());
        List<Broadcast<byte[]>> models = names.stream().map(n -> sc.broadcast(NetworkBytes.of(networks.get(n)))).toList();
        Task task = this.task;
        int numClasses = this.numClasses;
        try {
            List<PartitionScores> totals = ExampleRow.of(rows)
                    .mapPartitions(it -> List.of(scorePartitionEach(it,
                            models.stream().map(b -> NetworkBytes.network(b.value())).toList(), scaler, task, numClasses))
                            .iterator())
                    .fold(emptyScores(names.size()), DistributedEvaluator::mergeEach);
            Map<String, Map<String, EvaluationResult>> results = new java.util.LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                results.put(names.get(i), totals.get(i).results());
            }
            return results;
        } finally {
            models.forEach(Broadcast::destroy);
        }
    }

    private static List<PartitionScores> emptyScores(int n) {
        List<PartitionScores> scores = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            scores.add(new PartitionScores());
        }
        return scores;
    }

    private static List<PartitionScores> mergeEach(List<PartitionScores> a, List<PartitionScores> b) {
        List<PartitionScores> merged = new ArrayList<>(a);
        for (int i = 0; i < merged.size(); i++) {
            merged.set(i, merged.get(i).merge(b.get(i)));
        }
        return merged;
    }

    private static List<PartitionScores> scorePartitionEach(Iterator<ExampleRow> rows, List<MultiLayerNetwork> networks,
                                                            Standardizer scaler, Task task, int numClasses) {
        List<PartitionScores> scores = emptyScores(networks.size());
        inBatches(rows, batch -> {
            INDArray features = RowToDataSet.features(batch, scaler);
            for (int m = 0; m < networks.size(); m++) {
                addMetrics(scores.get(m), batch, outputs(networks.get(m), features, scaler), task, numClasses);
            }
        });
        return scores;
    }

    /** Metrics per date, and the negative flips against the parent (null when no parent was given). */
    public record Scores(Map<String, EvaluationResult> metrics, NegativeFlips flips) {}

    /** One partition's metric states per date and flip counts (a plain class: Kryo cannot build records). */
    static final class PartitionScores implements Serializable {
        private static final long serialVersionUID = 1L;
        final HashMap<String, MetricAccumulator> byDate = new HashMap<>();
        long compared;
        long flips;

        PartitionScores merge(PartitionScores other) {
            other.byDate.forEach((date, accumulator) -> byDate.merge(date, accumulator, MetricAccumulator::merge));
            compared += other.compared;
            flips += other.flips;
            return this;
        }

        /** The metrics per date, in date order. */
        Map<String, EvaluationResult> results() {
            Map<String, EvaluationResult> results = new TreeMap<>();
            byDate.forEach((date, accumulator) -> results.put(date, accumulator.toResult()));
            return results;
        }
    }

    /** Hands {@code rows} to {@code score} in minibatches of {@link #BATCH} (the list is reused between calls). */
    private static void inBatches(Iterator<ExampleRow> rows, Consumer<List<ExampleRow>> score) {
        List<ExampleRow> batch = new ArrayList<>(BATCH);
        while (rows.hasNext()) {
            batch.add(rows.next());
            if (batch.size() == BATCH || !rows.hasNext()) {
                score.accept(batch);
                batch.clear();
            }
        }
    }

    private static PartitionScores scorePartition(Iterator<ExampleRow> rows, MultiLayerNetwork network,
                                                  Standardizer scaler, MultiLayerNetwork parent,
                                                  Standardizer parentScaler, Task task, int numClasses) {
        PartitionScores scores = new PartitionScores();
        inBatches(rows, batch -> {
            float[][] output = outputs(network, RowToDataSet.features(batch, scaler), scaler);
            addMetrics(scores, batch, output, task, numClasses);
            if (parent != null) {
                float[][] parentOutput = outputs(parent, RowToDataSet.features(batch, parentScaler), parentScaler);
                for (int i = 0; i < batch.size(); i++) {
                    scores.compared++;
                    scores.flips += NegativeFlipCounter.flipped(task, parentOutput[i], output[i], batch.get(i).getLabel())
                            ? 1 : 0;
                }
            }
        });
        return scores;
    }

    /**
     * The network's outputs for one minibatch, in the target's units, copied to the heap once: reading them row by
     * row as INDArray views cost a native view and shape buffer per row (docs/performance.md).
     */
    private static float[][] outputs(MultiLayerNetwork network, INDArray features, Standardizer scaler) {
        return scaler.toTargetUnits(network.output(features, false)).toFloatMatrix();
    }

    /** Adds each row of {@code batch}, predicted as {@code output}, to its date's metric state in {@code scores}. */
    private static void addMetrics(PartitionScores scores, List<ExampleRow> batch, float[][] output, Task task,
                                   int numClasses) {
        for (int i = 0; i < batch.size(); i++) {
            ExampleRow row = batch.get(i);
            scores.byDate.computeIfAbsent(row.getDate(), d -> MetricAccumulator.forTask(task, numClasses))
                    .add(row.getLabel(), output[i]);
        }
    }

}
