package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.config.JobConfig;
import ai.continual.provenance.RunSummary;
import ai.continual.provenance.TrainingSettings;
import ai.continual.store.HadoopModelStore;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code training.batch-size = auto} the config does not say what trained a version: the run summary (and so
 * the manifest) records the batch size and averaging frequency the update resolved, and the values set when set;
 * and the epochs trained, which {@code training.update-epochs} makes differ between version 1 and an update.
 */
class TrainingSettingsRecordedTest {

    static final LocalDate DAY1 = LocalDate.of(2026, 11, 25);
    static final LocalDate DAY2 = LocalDate.of(2026, 11, 26);

    @TempDir
    Path tmp;

    @Test
    void autoValuesAreRecordedAsResolvedAndSetValuesAsSet() {
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("data");
        TestData.writePartition(data, DAY1, TestData.blobs("a", new int[] {0, 1}, 60, 1), TestData.SCHEMA);
        TestData.writePartition(data, DAY2, TestData.blobs("b", new int[] {2, 3}, 60, 2), TestData.SCHEMA);
        JobConfig auto = TestData.config(data, tmp.resolve("store"), 4,
                "training.batch-size = auto\ntraining.averaging-frequency = auto\n");
        HadoopModelStore store = new HadoopModelStore(auto.store(), spark.sparkContext().hadoopConfiguration());

        RunSummary first = new NightlyUpdate(spark, auto, store).run(DAY1);
        TrainingSettings resolved = first.training();
        int workers = resolved.workers();
        assertThat(workers).isPositive();
        // About 100 training rows: under 2 000 per worker gives batch 32; a quarter of one minibatch is below 5.
        assertThat(resolved).isEqualTo(new TrainingSettings(32, 5, first.rows().newRows(), workers, 3));
        assertThat(store.manifest("test-model", 1).summary().training()).as("kept in the manifest").isEqualTo(resolved);

        JobConfig set = TestData.config(data, tmp.resolve("store"), 4, "training.update-epochs = 1\n");
        RunSummary second;
        try (LogCapture logs = new LogCapture()) {
            second = new NightlyUpdate(spark, set, store).run(DAY2);
            assertThat(logs.text()).contains("Epoch 1/1 done").doesNotContain("Epoch 1/3");
        }
        assertThat(second.rows().replayRows()).isPositive();
        assertThat(second.training()).isEqualTo(new TrainingSettings(16, 2,
                second.rows().newRows() + second.rows().replayRows(), workers, 1));
        assertThat(second.trainingExamples(3)).isEqualTo(second.rows().newRows() + second.rows().replayRows());
        assertThat(store.manifest("test-model", 2).summary().training()).isEqualTo(second.training());
    }

    /**
     * {@code training.max-update-examples}: an update spends the budget on distinct rows first (one pass over as many
     * new rows, with their replay rows, as it pays for) and passes over them again only when the rows run short,
     * at most {@code training.epochs} times. Version 1 has no parent and trains every row for every epoch.
     */
    @Test
    void anExampleBudgetTrainsDistinctRowsFirstAndRepeatsThemOnlyWhenTheyRunShort() {
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("data");
        TestData.writePartition(data, DAY1, TestData.blobs("a", new int[] {0, 1}, 60, 1), TestData.SCHEMA);
        TestData.writePartition(data, DAY2, TestData.blobs("b", new int[] {2, 3}, 60, 2), TestData.SCHEMA);
        LocalDate day3 = DAY2.plusDays(1);
        TestData.writePartition(data, day3, TestData.blobs("c", new int[] {0, 3}, 60, 3), TestData.SCHEMA);
        JobConfig small = TestData.config(data, tmp.resolve("store"), 4, "training.max-update-examples = 60\n");
        HadoopModelStore store = new HadoopModelStore(small.store(), spark.sparkContext().hadoopConfiguration());

        RunSummary first = new NightlyUpdate(spark, small, store).run(DAY1);
        assertThat(first.training().epochs()).as("version 1: no budget").isEqualTo(3);
        assertThat(first.rows().newRows()).isGreaterThan(60);

        RunSummary second = new NightlyUpdate(spark, small, store).run(DAY2);
        // 30 new rows + 30 replay rows (ratio 1) fill the 60 examples in one pass.
        assertThat(second.rows().newRows()).isEqualTo(30);
        assertThat(second.rows().replayRows()).isEqualTo(30);
        assertThat(second.training().epochs()).isEqualTo(1);
        assertThat(second.trainingExamples(3)).isEqualTo(60);

        JobConfig large = TestData.config(data, tmp.resolve("store"), 4, "training.max-update-examples = 100000\n");
        RunSummary third = new NightlyUpdate(spark, large, store).run(day3);
        // Every new row and its replay rows, passed over training.epochs times: the budget cannot buy more passes.
        assertThat(third.rows().newRows() + third.rows().heldOutRows())
                .isEqualTo(first.rows().newRows() + first.rows().heldOutRows());
        assertThat(third.training().epochs()).isEqualTo(3);
        assertThat(third.trainingExamples(1)).isEqualTo(3 * (third.rows().newRows() + third.rows().replayRows()));
    }
}
