package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.config.JobConfig;
import ai.continual.provenance.InputPartition;
import ai.continual.provenance.RunSummary;
import ai.continual.store.HadoopModelStore;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayAndFreezingTest {

    static final LocalDate D1 = LocalDate.of(2026, 11, 23);
    static final LocalDate D2 = LocalDate.of(2026, 11, 24);
    static final LocalDate D3 = LocalDate.of(2026, 11, 25);
    static final LocalDate D4 = LocalDate.of(2026, 11, 26);

    @TempDir
    Path tmp;

    @Test
    void replayIsClassBalancedRespectsTheRatioAndNeverReadsTheDateOrLater() {
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("data");
        // Imbalanced history: class 0 has 200 rows, class 1 has 30, class 2 has 100.
        List<Row> d1 = new ArrayList<>(TestData.blobs("a", new int[] {0}, 200, 1));
        d1.addAll(TestData.blobs("b", new int[] {1}, 30, 2));
        TestData.writePartition(data, D1, d1, TestData.SCHEMA);
        TestData.writePartition(data, D2, TestData.blobs("c", new int[] {2}, 100, 3), TestData.SCHEMA);
        TestData.writePartition(data, D3, TestData.blobs("d", new int[] {3}, 100, 4), TestData.SCHEMA);
        // Class 4 exists only at D4, after the update's date: it must never be replayed.
        TestData.writePartition(data, D4, TestData.blobs("e", new int[] {4}, 100, 5), TestData.SCHEMA);
        JobConfig config = TestData.config(data, tmp.resolve("store"), 5,
                "replay { ratio = 1.5, max-rows = 1000 }\ntraining.epochs = 1\ndata.holdout-fraction = 0.2\n");
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());

        RunSummary summary = new NightlyUpdate(spark, config, store).run(D3);

        long newRows = summary.rows().newRows();
        assertThat(newRows).isBetween(60L, 95L);
        long target = Math.round(1.5 * newRows);
        // History holds ~80% of 330 rows for training, so the target is reachable: the ratio is exact.
        assertThat(summary.rows().replayRows()).isEqualTo(target);
        // Class 1 has only ~24 training rows; classes 0 and 2 share the rest equally (within one row).
        var perClass = summary.rows().replayRowsPerClass();
        assertThat(perClass).containsOnlyKeys(0, 1, 2);
        long small = perClass.get(1);
        assertThat(small).isBetween(20L, 30L);
        assertThat(Math.abs(perClass.get(0) - perClass.get(2))).isLessThanOrEqualTo(1);
        assertThat(perClass.get(0)).isGreaterThan(small);
        List<InputPartition> inputs = store.manifest("test-model", 1).inputs();
        assertThat(inputs).extracting(InputPartition::date).containsExactly(D1.toString(), D2.toString(), D3.toString());
        assertThat(inputs.stream().filter(i -> i.date().equals(D3.toString())).findFirst().orElseThrow().replayRows())
                .isZero();
        assertThat(inputs.stream().mapToLong(InputPartition::replayRows).sum()).isEqualTo(target);
        assertThat(summary.metrics()).doesNotContainKey(D4.toString());
    }

    @Test
    void anAutoRatioReplaysEachPastDateAsMuchAsTheNewOneOnlyWhenTheNewRowsBringOtherLabels() {
        // replay.ratio = auto with all dates equal: dates 1-3 bring one new class each, so the new rows share no label
        // with the reservoir and each past date gets the new date's share (k rows per new row for k past dates,
        // counted from the reservoir itself); date 4 brings the three classes again, in the reservoir's shares, so
        // replay falls back to about one row per new row.
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("data");
        TestData.writePartition(data, D1, TestData.blobs("a", new int[] {0}, 100, 1), TestData.SCHEMA);
        TestData.writePartition(data, D2, TestData.blobs("b", new int[] {1}, 100, 2), TestData.SCHEMA);
        TestData.writePartition(data, D3, TestData.blobs("c", new int[] {2}, 100, 3), TestData.SCHEMA);
        TestData.writePartition(data, D4, TestData.blobs("d", new int[] {0, 1, 2}, 40, 4), TestData.SCHEMA);
        JobConfig config = TestData.config(data, tmp.resolve("store"), 3,
                "replay { ratio = auto, max-rows = 100000 }\ntraining.epochs = 1\ndata.holdout-fraction = 0.5\n");
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());

        RunSummary first = new NightlyUpdate(spark, config, store).run(D1);
        RunSummary second = new NightlyUpdate(spark, config, store).run(D2);
        RunSummary third = new NightlyUpdate(spark, config, store).run(D3);
        RunSummary fourth = new NightlyUpdate(spark, config, store).run(D4);

        assertThat(first.rows().replayRows()).isZero();
        assertThat(second.rows().replayRows()).isEqualTo(second.rows().newRows());
        assertThat(third.rows().replayRows()).isEqualTo(2 * third.rows().newRows());
        assertThat(third.rows().replayRowsPerClass()).containsOnlyKeys(0, 1);
        assertThat((double) fourth.rows().replayRows() / fourth.rows().newRows()).isBetween(0.95, 1.5);
    }

    @Test
    void maxNewRowsTrainsOnAnExactSampleOfTheNewPartitionAndScalesReplayToItButRetrainUsesEveryRow() {
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("data");
        TestData.writePartition(data, D1, TestData.blobs("a", new int[] {0, 1}, 100, 1), TestData.SCHEMA);
        TestData.writePartition(data, D2, TestData.blobs("b", new int[] {2, 3}, 100, 2), TestData.SCHEMA);
        JobConfig config = TestData.config(data, tmp.resolve("store"), 4,
                "training { epochs = 1, max-new-rows = 50 }\nreplay { ratio = 0.5, max-rows = 1000 }\n");
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());

        RunSummary first = new NightlyUpdate(spark, config, store).run(D1);
        RunSummary second = new NightlyUpdate(spark, config, store).run(D2);
        RunSummary retrain = new NightlyUpdate(spark, config, store).retrain(D2).summary();

        // Version 1 has no parent: max-new-rows does not cap it, it trains on every training row of D1.
        assertThat(first.rows().newRows()).isGreaterThan(50);
        assertThat(first.rows().newRows() + first.rows().heldOutRows()).isEqualTo(200);
        assertThat(second.rows().newRows()).isEqualTo(50);
        assertThat(second.rows().replayRows()).isEqualTo(25);
        // The held-out rows and the evaluation still cover the whole partition.
        assertThat(second.rows().heldOutRows()).isBetween(20L, 60L);
        assertThat(retrain.rows().newRows()).isGreaterThan(2 * 140L);
    }

    @Test
    void versionOneIsCappedOnlyByItsOwnKey() {
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("data");
        TestData.writePartition(data, D1, TestData.blobs("a", new int[] {0, 1}, 100, 1), TestData.SCHEMA);
        JobConfig config = TestData.config(data, tmp.resolve("store"), 4,
                "training { epochs = 1, max-new-rows = 50, initial-max-rows = 70 }\n");
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());

        assertThat(new NightlyUpdate(spark, config, store).run(D1).rows().newRows()).isEqualTo(70);
    }

    @Test
    void frozenLayersStayBitIdenticalWhileTheRestLearns() {
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("data");
        TestData.writePartition(data, D1, TestData.blobs("a", new int[] {0, 1}, 60, 1), TestData.SCHEMA);
        TestData.writePartition(data, D2, TestData.blobs("b", new int[] {2, 3}, 60, 2), TestData.SCHEMA);
        JobConfig config = TestData.config(data, tmp.resolve("store"), 4,
                "model { hidden-layers = [{size = 12}, {size = 10}], frozen-layers = 1 }\n");
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());

        new NightlyUpdate(spark, config, store).run(D1);
        new NightlyUpdate(spark, config, store).run(D2);

        MultiLayerNetwork v1 = store.load("test-model", 1).network();
        MultiLayerNetwork v2 = store.load("test-model", 2).network();
        assertThat(v2.getLayer(0).params()).isEqualTo(v1.getLayer(0).params());
        assertThat(v2.getLayer(1).params()).isNotEqualTo(v1.getLayer(1).params());
        assertThat(v2.getLayer(2).params()).isNotEqualTo(v1.getLayer(2).params());
        assertThat(v2.getLayerWiseConfigurations().getConf(0).getLayer())
                .isInstanceOf(org.deeplearning4j.nn.conf.layers.misc.FrozenLayer.class);
    }
}
