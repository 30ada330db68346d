package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.config.JobConfig;
import ai.continual.store.HadoopModelStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * EWC's pull must reach the executors' networks under both training engines: from one stored version 1, an
 * update with {@code strategy = [ewc]} ends nearer version 1's weights than the same update with
 * {@code [finetune]} (same data, seed and steps). The in-memory engine rebuilds the executors' networks from the
 * configuration's JSON, so this fails if the EWC penalty does not survive that trip.
 */
class EwcOnSparkTest {

    static final LocalDate DAY1 = LocalDate.of(2026, 11, 23);
    static final LocalDate DAY2 = LocalDate.of(2026, 11, 24);

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"in-memory", "dl4j-export"})
    void ewcKeepsTheUpdateNearerTheParentThanFinetuneOnEitherEngine(String engine) {
        Path data = tmp.resolve("data");
        TestData.writePartition(data, DAY1, TestData.blobs("a", new int[] {0, 1, 2}, 60, 1), TestData.SCHEMA);
        TestData.writePartition(data, DAY2, TestData.blobs("b", new int[] {3, 4}, 90, 2), TestData.SCHEMA);
        String common = "training.parameter-averaging = " + engine + "\n";
        String ewc = common + "strategy = [ewc]\newc { lambda = 2000, fisher-samples = 150 }\n";
        Path ewcStore = tmp.resolve("ewc-store");
        Path finetuneStore = tmp.resolve("finetune-store");
        JobConfig ewcConfig = TestData.config(data, ewcStore, 5, ewc);
        JobConfig finetuneConfig = TestData.config(data, finetuneStore, 5, common + "strategy = [finetune]\n");

        SparkSession spark = LocalSpark.session();
        HadoopModelStore first = store(spark, ewcConfig);
        new NightlyUpdate(spark, ewcConfig, first).run(DAY1);
        copyTree(ewcStore, finetuneStore);
        new NightlyUpdate(spark, ewcConfig, first).run(DAY2);
        HadoopModelStore second = store(spark, finetuneConfig);
        new NightlyUpdate(spark, finetuneConfig, second).run(DAY2);

        MultiLayerNetwork parent = first.load(ewcConfig.modelName(), 1).network();
        double ewcMove = distance(parent, first.load(ewcConfig.modelName(), 2).network());
        double finetuneMove = distance(parent, second.load(finetuneConfig.modelName(), 2).network());
        assertThat(finetuneMove).as("finetune's move from version 1").isPositive();
        assertThat(ewcMove).as("EWC's move from version 1 against finetune's %s", finetuneMove)
                .isLessThan(0.5 * finetuneMove);
    }

    private static HadoopModelStore store(SparkSession spark, JobConfig config) {
        return new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());
    }

    /** Euclidean distance between the parameters of two networks of the same shape. */
    private static double distance(MultiLayerNetwork a, MultiLayerNetwork b) {
        return a.params().sub(b.params()).norm2Number().doubleValue();
    }

    private static void copyTree(Path from, Path to) {
        try {
            FileUtils.copyDirectory(from.toFile(), to.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
