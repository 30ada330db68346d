package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.config.JobConfig;
import ai.continual.config.JobConfigLoader;
import ai.continual.metrics.EvaluationResult;
import ai.continual.provenance.RunSummary;
import ai.continual.store.HadoopModelStore;
import java.io.File;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped confs on the shipped data-samples reach sane quality (real data, real training). */
class SampleQualityTest {

    @TempDir
    Path tmp;

    RunSummary[] runDates(String conf, String dataRoot, int dates, String... overrides) {
        SparkSession spark = LocalSpark.session();
        List<String> all = new java.util.ArrayList<>(List.of(
                "store=" + tmp.resolve("store").toUri(),
                "data.root=" + new File("../data-samples/" + dataRoot).getAbsoluteFile().toURI()));
        all.addAll(List.of(overrides));
        JobConfig config = JobConfigLoader.load(new File("../conf/" + conf), all);
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());
        RunSummary[] summaries = new RunSummary[dates];
        for (int i = 0; i < dates; i++) {
            summaries[i] = new NightlyUpdate(spark, config, store).run(LocalDate.of(2026, 11, 23).plusDays(i));
        }
        return summaries;
    }

    @Test
    void fashionMnistIsWellAboveChanceOnTheClassesSeen() {
        RunSummary[] s = runDates("fashion-mnist.conf", "fashion-mnist", 2, "training.epochs=5");
        // After two dates the model has seen 4 classes (chance 25 %) and must hold both partitions.
        assertThat(s[0].metrics().get("2026-11-23").accuracy()).isGreaterThan(0.85);
        assertThat(s[1].metrics().get("2026-11-23").accuracy()).isGreaterThan(0.6);
        assertThat(s[1].metrics().get("2026-11-24").accuracy()).isGreaterThan(0.7);
        assertThat(s[1].rows().replayRows()).isPositive();
    }

    @Test
    void regressionBeatsPredictingTheMeanOnEveryPartition() {
        RunSummary[] s = runDates("regression.conf", "drift-regression", 3, "training.epochs=6");
        for (EvaluationResult r : s[2].metrics().values()) {
            // R² > 0 is exactly "MSE below that of predicting the partition's mean"; ask for much more.
            assertThat(r.r2()).isGreaterThan(0.6);
            assertThat(r.mse()).isPositive();
        }
        assertThat(s[2].metrics()).hasSize(3);
    }
}
