package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.config.JobConfig;
import ai.continual.provenance.RunSummary;
import ai.continual.provenance.VersionManifest;
import ai.continual.store.HadoopModelStore;
import ai.continual.store.StoredModel;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NightlyUpdateTest {

    static final LocalDate DAY1 = LocalDate.of(2026, 11, 25);
    static final LocalDate DAY2 = LocalDate.of(2026, 11, 26);

    @TempDir
    Path tmp;

    @Test
    void emptyStoreWritesVersionOneThenNextDateWritesVersionTwoWithParent() {
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("data");
        TestData.writePartition(data, DAY1, TestData.blobs("a", new int[] {0, 1}, 60, 1), TestData.SCHEMA);
        TestData.writePartition(data, DAY2, TestData.blobs("b", new int[] {2, 3}, 60, 2), TestData.SCHEMA);
        JobConfig config = TestData.config(data, tmp.resolve("store"), 4, "");
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());

        RunSummary first = new NightlyUpdate(spark, config, store).run(DAY1);
        RunSummary second = new NightlyUpdate(spark, config, store).run(DAY2);

        assertThat(first.version()).isEqualTo(1);
        assertThat(first.parent()).isNull();
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.parent()).isEqualTo(1);
        assertThat(store.versions("test-model")).containsExactly(1, 2);
        VersionManifest manifest = store.manifest("test-model", 2);
        assertThat(manifest.parentVersion()).isEqualTo(1);
        assertThat(manifest.kind()).isEqualTo(ai.continual.provenance.VersionKind.UPDATE);
        assertThat(manifest.inputs()).extracting(i -> i.role() + "@" + i.date()).containsExactly(
                "new@" + DAY2, "reservoir@" + DAY1, "holdout-sample@" + DAY1);
        assertThat(manifest.inputs()).allSatisfy(i -> assertThat(i.bytes()).isPositive());
        assertThat(manifest.summary().rows().replayRows()).isPositive();
        assertThat(manifest.software()).containsKeys("java", "deeplearning4j", "spark");
        assertThat(manifest.summary().metrics()).containsKeys(DAY1.toString(), DAY2.toString());

        for (int version : new int[] {1, 2}) {
            StoredModel model = store.load("test-model", version);
            INDArray out = model.network().output(Nd4j.rand(3, TestData.FEATURES));
            assertThat(out.shape()).containsExactly(3L, 4L);
        }
        MultiLayerNetwork v1 = store.load("test-model", 1).network();
        MultiLayerNetwork v2 = store.load("test-model", 2).network();
        assertThat(v2.params()).isNotEqualTo(v1.params());
    }

    @Test
    void csvWithFeatureColumnsAndASeparateEvalRootForRegression() throws Exception {
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("csv");
        Path eval = tmp.resolve("eval");
        writeCsv(data.resolve("date=" + DAY1), 0, 120);
        writeCsv(eval.resolve("date=" + DAY1), 1000, 37);
        JobConfig config = ai.continual.config.JobConfigLoader.fromConfig(com.typesafe.config.ConfigFactory.parseString(
                "model-name = csv-model\nstore = \"" + tmp.resolve("store").toUri() + "\"\n"
                        + "data { root = \"" + data.toUri() + "\", eval-root = \"" + eval.toUri() + "\", format = csv,"
                        + " features = [a, b], label-column = y, task = regression, holdout-fraction = 0 }\n"
                        + "model.hidden-layers = [{size = 8, activation = tanh}]\n"
                        + "training { epochs = 20, batch-size = 8, learning-rate = 0.01 }\n"), "test");
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());

        RunSummary summary = new NightlyUpdate(spark, config, store).run(DAY1);

        assertThat(summary.rows().newRows()).isEqualTo(120);
        assertThat(summary.rows().heldOutRows()).isZero();
        ai.continual.metrics.EvaluationResult metrics = summary.metrics().get(DAY1.toString());
        assertThat(metrics.rows()).isEqualTo(37);
        assertThat(metrics.r2()).isGreaterThan(0.5);
        // Reading and validating the eval-root partitions is a phase of its own, not time outside every phase.
        assertThat(summary.durationsMs()).containsKeys("read-eval", "evaluate");
    }

    /** y = 2a - b + 1 on a grid, as CSV with a header. */
    static void writeCsv(Path dir, int start, int rows) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("id,a,b,y\n");
        java.util.Random random = new java.util.Random(start);
        for (int i = start; i < start + rows; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            csv.append(i).append(',').append(a).append(',').append(b).append(',').append(2 * a - b + 1).append('\n');
        }
        java.nio.file.Files.writeString(dir.resolve("part-0.csv"), csv.toString());
    }
}
