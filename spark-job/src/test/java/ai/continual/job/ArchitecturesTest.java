package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.continual.config.ConfigException;
import ai.continual.config.JobConfig;
import ai.continual.config.Task;
import ai.continual.job.data.DataContractException;
import ai.continual.job.data.ExampleRow;
import ai.continual.job.data.TrainingRows;
import ai.continual.job.strategy.UpdateStrategy;
import ai.continual.job.train.RowToDataSet;
import ai.continual.metrics.EvaluationResult;
import ai.continual.model.NetworkInputs;
import ai.continual.normalize.Standardizer;
import ai.continual.provenance.RunSummary;
import ai.continual.store.HadoopModelStore;
import ai.continual.store.StoredModel;
import ai.continual.strategy.ElasticWeightConsolidation;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The CNN and LSTM architectures on Spark: version 1 from config, then an update with replay and a frozen
 * body that must stay bit-identical while the rest learns; then an update with every strategy at once (replay,
 * EWC, LwF, fusion) on each; plus the sequence data contract.
 */
class ArchitecturesTest {

    static final LocalDate DAY1 = LocalDate.of(2026, 11, 23);
    static final LocalDate DAY2 = LocalDate.of(2026, 11, 24);

    /** A small CNN for the 6x6 images of {@link TestData#images}: convolution, batch norm, pooling, dense. */
    static final String SMALL_CNN = """
            model {
              type = cnn
              input-shape = [6, 6, 1]
              hidden-layers = [
                { type = convolution, filters = 4, kernel = [3, 3] }
                { type = batch-norm }
                { type = subsampling, kernel = [2, 2] }
                { type = dense, size = 12 }
              ]
            }
            """;

    @TempDir
    Path tmp;

    /** Day 1 with image classes 0-3, day 2 with the new classes 4 and 5; returns day 1's rows. */
    private static List<Row> writeImageDays(Path data, int rowsPerClass) {
        List<Row> day1 = TestData.images("a", new int[] {0, 1, 2, 3}, rowsPerClass, 1);
        TestData.writePartition(data, DAY1, day1, TestData.SCHEMA);
        TestData.writePartition(data, DAY2, TestData.images("b", new int[] {4, 5}, rowsPerClass, 2), TestData.SCHEMA);
        return day1;
    }

    /** Day 1 with sequence classes 0-2, day 2 with 3 and 4 (5 steps x 3 values); returns day 1's rows. */
    private static List<Row> writeSequenceDays(Path data, int rowsPerClass) {
        List<Row> day1 = TestData.sequences("a", new int[] {0, 1, 2}, rowsPerClass, 5, 3, 1);
        TestData.writePartition(data, DAY1, day1, TestData.SEQUENCE_SCHEMA);
        TestData.writePartition(data, DAY2, TestData.sequences("b", new int[] {3, 4}, rowsPerClass, 5, 3, 2),
                TestData.SEQUENCE_SCHEMA);
        return day1;
    }

    @Test
    void cnnLearnsVersionOneAndAnUpdateKeepsItsFrozenConvolutionAndBatchNormBitIdentical() {
        Path data = tmp.resolve("images");
        writeImageDays(data, 50);
        JobConfig config = TestData.config(data, tmp.resolve("store"), 6, SMALL_CNN + "model.frozen-layers = batchnorm1\n");
        List<MultiLayerNetwork> versions = runTwoDays(config, DAY1, DAY2, 0.6);
        MultiLayerNetwork v1 = versions.get(0);
        MultiLayerNetwork v2 = versions.get(1);
        assertThat(NetworkInputs.layerNames(v1))
                .containsExactly("convolution0", "batchnorm1", "subsampling2", "dense3", "output");
        assertThat(NetworkInputs.flatInputSize(v2)).isEqualTo(36);
        assertFrozenAndRestChanged(v1, v2, 2);
    }

    @Test
    void lstmOnASequenceColumnLearnsVersionOneAndAnUpdateKeepsItsFrozenRecurrentLayerBitIdentical() {
        Path data = tmp.resolve("sequences");
        writeSequenceDays(data, 60);
        JobConfig config = TestData.config(data, tmp.resolve("store"), 5, """
                data.features = seq
                model {
                  type = lstm
                  hidden-layers = [
                    { type = lstm, size = 8 }
                    { type = dense, size = 8 }
                  ]
                  frozen-layers = 1
                }
                """);
        List<MultiLayerNetwork> versions = runTwoDays(config, DAY1, DAY2, 0.6);
        assertThat(NetworkInputs.timeSteps(versions.get(1))).isEqualTo(5);
        assertThat(NetworkInputs.flatInputSize(versions.get(1))).isEqualTo(15);
        assertFrozenAndRestChanged(versions.get(0), versions.get(1), 1);
    }

    static final String EVERY_STRATEGY = """
            strategy = [replay, ewc, lwf, fusion]
            ewc { lambda = 50, fisher-samples = 200 }
            lwf { alpha = 0.5, temperature = 2.0 }
            """;

    @Test
    void cnnWithBatchNormUpdatesWithReplayEwcLwfAndAnEmaOfWeightsOnSpark() {
        Path data = tmp.resolve("images");
        List<Row> day1 = writeImageDays(data, 40);
        JobConfig config = TestData.config(data, tmp.resolve("store"), 6,
                SMALL_CNN + EVERY_STRATEGY + "fusion.ema-decay = 0.6\n");
        List<StoredModel> versions = runTwoVersions(config, DAY1, DAY2, 0.6);
        assertEveryStrategyLeftItsMark(config, versions);
        assertThat(versions.get(1).manifest().strategy()).endsWith("[ema=0.6]");

        // The EMA covers every parameter array, batch-norm's running mean and deviation included:
        // served = 0.6 * version 1 + 0.4 * the raw trained weights kept with version 2.
        MultiLayerNetwork v1 = versions.get(0).network();
        MultiLayerNetwork served = versions.get(1).network();
        MultiLayerNetwork raw = served.clone();
        raw.setParams(versions.get(1).arrays().get(UpdateStrategy.RAW_PARAMS).reshape(1, served.numParams()));
        assertThat(served.paramTable().keySet()).contains("1_mean", "1_log10stdev", "1_gamma", "1_beta");
        for (Map.Entry<String, INDArray> e : served.paramTable().entrySet()) {
            INDArray expected = v1.getParam(e.getKey()).mul(0.6).addi(raw.getParam(e.getKey()).mul(0.4));
            assertThat(e.getValue().ravel().toFloatVector()).as(e.getKey())
                    .containsExactly(expected.ravel().toFloatVector(), within(1e-5f));
            assertThat(raw.getParam(e.getKey()).ravel().toFloatVector()).as("%s trained", e.getKey())
                    .isNotEqualTo(v1.getParam(e.getKey()).ravel().toFloatVector());
        }
        assertLwfTargetsMixTheParentsSoftPredictions(config, versions.get(0), everyNth(day1, 20));
    }

    @Test
    void stackedLstmWithAFrozenLayerUpdatesWithReplayEwcLwfAndAFusionWeightChosenOnHeldOutRowsOnSpark() {
        Path data = tmp.resolve("sequences");
        List<Row> day1 = writeSequenceDays(data, 50);
        // lstm1's input and recurrent weights have the same shape (6 x 24), the case EWC must tell apart.
        JobConfig config = TestData.config(data, tmp.resolve("store"), 5, EVERY_STRATEGY + """
                fusion.alpha-grid = [0.25, 0.5, 1.0]
                data.features = seq
                model {
                  type = lstm
                  hidden-layers = [
                    { type = lstm, size = 6 }
                    { type = lstm, size = 6 }
                    { type = dense, size = 8 }
                  ]
                  frozen-layers = lstm0
                }
                """);
        List<StoredModel> versions;
        String logs;
        try (LogCapture capture = new LogCapture()) {
            versions = runTwoVersions(config, DAY1, DAY2, 0.6);
            logs = capture.text();
        }
        assertEveryStrategyLeftItsMark(config, versions);
        // Fusion leaves the frozen layer bit-identical, whatever alpha won.
        assertFrozenAndRestChanged(versions.get(0).network(), versions.get(1).network(), 1);
        assertFusionWeightWasChosenOnHeldOutRows(versions.get(1), logs);
        assertThat(NetworkInputs.layerNames(versions.get(1).network()))
                .containsExactly("lstm0", "lstm1", "dense2", "output");
        assertLwfTargetsMixTheParentsSoftPredictions(config, versions.get(0), everyNth(day1, 25));
    }

    @Test
    void raggedSequencesAndAnLstmOnPlainFeaturesFailNamingTheFix() {
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("ragged");
        List<Row> rows = new ArrayList<>(TestData.sequences("a", new int[] {0, 1}, 10, 4, 2, 1));
        rows.add(RowFactory.create("short", List.of(List.of(1f, 2f), List.of(1f, 2f)), 0));
        TestData.writePartition(data, DAY1, rows, TestData.SEQUENCE_SCHEMA);
        JobConfig config = TestData.config(data, tmp.resolve("store"), 2,
                "data.features = seq\nmodel { type = lstm, hidden-layers = [{type = lstm, size = 4}] }\n");
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());
        assertThatThrownBy(() -> new NightlyUpdate(spark, config, store).run(DAY1))
                .isInstanceOf(DataContractException.class)
                .hasMessageContaining("from 2 to 4 time steps").hasMessageContaining("seq");

        Path flat = tmp.resolve("flat");
        TestData.writePartition(flat, DAY1, TestData.blobs("a", new int[] {0, 1}, 20, 1), TestData.SCHEMA);
        JobConfig lstmOnFlat = TestData.config(flat, tmp.resolve("store2"), 2,
                "model { type = lstm, hidden-layers = [{type = lstm, size = 4}] }\n");
        assertThatThrownBy(() -> new NightlyUpdate(spark, lstmOnFlat, new HadoopModelStore(lstmOnFlat.store(),
                spark.sparkContext().hadoopConfiguration())).run(DAY1))
                .isInstanceOf(ConfigException.class).hasMessageContaining("array<array<float>>");
        assertThat(store.latestVersion(config.modelName())).isEmpty();
    }

    private List<MultiLayerNetwork> runTwoDays(JobConfig config, LocalDate day1, LocalDate day2, double minAccuracy) {
        List<StoredModel> versions = runTwoVersions(config, day1, day2, minAccuracy);
        assertThat(versions.get(1).manifest().strategy()).isEqualTo("replay");
        return List.of(versions.get(0).network(), versions.get(1).network());
    }

    /** Versions 1 and 2 as stored, after checking both committed and version 2 drew replay and evaluated both days. */
    private List<StoredModel> runTwoVersions(JobConfig config, LocalDate day1, LocalDate day2, double minAccuracy) {
        SparkSession spark = LocalSpark.session();
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());
        RunSummary first = new NightlyUpdate(spark, config, store).run(day1);
        RunSummary second = new NightlyUpdate(spark, config, store).run(day2);
        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.parent()).isEqualTo(1);
        assertThat(second.rows().replayRows()).isPositive();
        assertThat(first.metrics().get(day1.toString()).accuracy()).isGreaterThan(minAccuracy);
        assertThat(second.metrics()).containsKeys(day1.toString(), day2.toString());
        return List.of(store.load(config.modelName(), 1), store.load(config.modelName(), 2));
    }

    /**
     * Checks what each strategy leaves behind in version 2: the strategy label, no EWC penalty left in the
     * stored network, an EWC Fisher per parameter stored with both versions where version 2's is the running
     * one (γ·F₁ + F₂ ≥ γ·F₁, and not F₁), and version 2 predicting a distribution for every held-out row.
     */
    private static void assertEveryStrategyLeftItsMark(JobConfig config, List<StoredModel> versions) {
        StoredModel v1 = versions.get(0);
        StoredModel v2 = versions.get(1);
        assertThat(v2.manifest().strategy()).startsWith("replay+ewc+lwf+fusion[");
        assertThat(ElasticWeightConsolidation.attached(v2.network())).isFalse();
        INDArray f1 = v1.arrays().get(UpdateStrategy.FISHER);
        INDArray f2 = v2.arrays().get(UpdateStrategy.FISHER);
        assertThat(f1.length()).isEqualTo(v1.network().numParams());
        assertThat(f2.length()).isEqualTo(v2.network().numParams());
        INDArray fresh = f2.sub(f1.mul(config.strategy().ewc().gamma()));
        assertThat(fresh.minNumber().doubleValue()).as("F2 - gamma F1").isGreaterThan(-1e-4);
        assertThat(fresh.sumNumber().doubleValue()).as("the new Fisher's share").isPositive();
        INDArray predicted = v2.network().output(Nd4j.rand(DataType.FLOAT, 3, NetworkInputs.flatInputSize(v2.network())));
        assertThat(predicted.sum(1).toDoubleVector()).containsExactly(new double[] {1, 1, 1}, within(1e-4));
    }

    /**
     * The alpha in version 2's manifest is the one the one-standard-error rule picks from the held-out scores of
     * every grid point (as logged by the update), and the served version's own scores on the held-out rows of
     * both days are the chosen grid point's: the choice was made on those rows, not taken from the grid blindly.
     */
    private static void assertFusionWeightWasChosenOnHeldOutRows(StoredModel v2, String logs) {
        Map<Double, double[]> meanAndError = new TreeMap<>();
        Matcher scored = Pattern.compile("Fusion alpha ([0-9.]+): held-out score ([-0-9.E]+) under objective"
                + " [^\n]*? \\(standard error ([-0-9.E]+)\\)").matcher(logs);
        while (scored.find()) {
            meanAndError.put(Double.parseDouble(scored.group(1)),
                    new double[] {Double.parseDouble(scored.group(2)), Double.parseDouble(scored.group(3))});
        }
        assertThat(meanAndError.keySet()).as("grid points scored on held-out rows").containsExactly(0.25, 0.5, 1.0);
        double[] best = meanAndError.values().stream().max(Comparator.comparingDouble(v -> v[0])).orElseThrow();
        double expected = meanAndError.entrySet().stream().filter(e -> e.getValue()[0] >= best[0] - best[1])
                .mapToDouble(Map.Entry::getKey).max().orElseThrow();
        Matcher chosen = Pattern.compile("\\[alpha=([0-9.]+) chosen from \\[0.25, 0.5, 1.0\\]\\]$")
                .matcher(v2.manifest().strategy());
        assertThat(chosen.find()).as("strategy %s", v2.manifest().strategy()).isTrue();
        assertThat(Double.parseDouble(chosen.group(1))).isEqualTo(expected);
        double servedMean = v2.manifest().summary().metrics().values().stream()
                .mapToDouble(EvaluationResult::accuracy).average().orElseThrow();
        assertThat(servedMean).isCloseTo(meanAndError.get(expected)[0], within(1e-9));
    }

    /**
     * LwF on {@code parent}'s architecture: the training targets UpdateStrategy builds on Spark are
     * (1−α)·one-hot + α·softmax(z/T) of the parent's prediction for the same (scaled) row.
     */
    private static void assertLwfTargetsMixTheParentsSoftPredictions(JobConfig config, StoredModel parent,
                                                                     List<Row> userRows) {
        SparkSession spark = LocalSpark.session();
        List<double[]> features = userRows.stream().map(ArchitecturesTest::flatFeatures).toList();
        int[] labels = userRows.stream().mapToInt(r -> r.getInt(2)).toArray();
        StructType schema = new StructType()
                .add(TrainingRows.DATE, DataTypes.StringType, false)
                .add(TrainingRows.FEATURES, DataTypes.createArrayType(DataTypes.DoubleType, false), false)
                .add(TrainingRows.LABEL, DataTypes.DoubleType, false);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            rows.add(RowFactory.create("2026-11-24", java.util.Arrays.stream(features.get(i)).boxed().toList(),
                    (double) labels[i]));
        }
        Standardizer scaler = Standardizer.of(parent.normalizer());
        int classes = config.data().numClasses();
        UpdateStrategy strategy = new UpdateStrategy(JavaSparkContext.fromSparkContext(spark.sparkContext()), config,
                Optional.of(parent));
        // One minibatch of every row, as the trainer builds it on an executor.
        float[][] targets = strategy.minibatches(new RowToDataSet(scaler, Task.CLASSIFICATION, classes))
                .batch(ExampleRow.of(spark.createDataFrame(rows, schema).coalesce(1)).collect())
                .getLabels().toFloatMatrix();
        double alpha = config.strategy().lwf().alpha();
        double temperature = config.strategy().lwf().temperature();
        assertThat(targets).hasNumberOfRows(features.size());
        for (int i = 0; i < targets.length; i++) {
            float[] teacher = parent.network().output(
                    Nd4j.createFromArray(new float[][] {scaler.scale(features.get(i))})).toFloatVector();
            double norm = 0;
            for (float p : teacher) {
                norm += Math.pow(p, 1 / temperature);
            }
            float[] target = targets[i];
            for (int k = 0; k < classes; k++) {
                double expected = (1 - alpha) * (k == labels[i] ? 1 : 0) + alpha * Math.pow(teacher[k], 1 / temperature) / norm;
                assertThat((double) target[k]).as("row %d class %d", i, k).isCloseTo(expected, within(1e-4));
            }
        }
    }

    /** The features of a test row (id, features or sequence, label), flattened step after step. */
    private static double[] flatFeatures(Row row) {
        List<Object> values = new ArrayList<>();
        flatten(row.get(1), values);
        return values.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    /** Every {@code step}-th row, so each class is represented. */
    private static List<Row> everyNth(List<Row> rows, int step) {
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += step) {
            out.add(rows.get(i));
        }
        return out;
    }

    private static void flatten(Object value, List<Object> out) {
        if (value instanceof Object[] array) {
            for (Object v : array) {
                flatten(v, out);
            }
        } else if (value instanceof List<?> list) {
            list.forEach(v -> flatten(v, out));
        } else {
            out.add(value);
        }
    }

    private static void assertFrozenAndRestChanged(MultiLayerNetwork v1, MultiLayerNetwork v2, int frozen) {
        for (int i = 0; i < v2.getnLayers(); i++) {
            boolean isFrozen = v2.getLayerWiseConfigurations().getConf(i).getLayer() instanceof FrozenLayer;
            assertThat(isFrozen).as("layer %d frozen", i).isEqualTo(i < frozen);
            if (v1.getLayer(i).numParams() == 0) {
                continue;
            }
            float[] before = v1.getLayer(i).params().toFloatVector();
            float[] after = v2.getLayer(i).params().toFloatVector();
            if (i < frozen) {
                assertThat(after).as("frozen layer %d", i).containsExactly(before);
            } else {
                assertThat(after).as("trained layer %d", i).isNotEqualTo(before);
            }
        }
    }
}
