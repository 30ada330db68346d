package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.continual.config.JobConfig;
import ai.continual.job.data.DataContractException;
import ai.continual.provenance.RunSummary;
import ai.continual.store.HadoopModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each breach of the data contract fails before training with a message naming partition, column and fix,
 * and leaves the committed version 1 exactly as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataContractTest {

    static final LocalDate GOOD = LocalDate.of(2026, 11, 20);

    Path data;
    Path store;
    SparkSession spark;
    byte[] committedManifest;

    @BeforeAll
    void commitVersionOne(@TempDir Path tmp) throws Exception {
        spark = LocalSpark.session();
        data = tmp.resolve("data");
        store = tmp.resolve("store");
        TestData.writePartition(data, GOOD, TestData.blobs("g", new int[] {0, 1}, 40, 1), TestData.SCHEMA);
        run(config(""), GOOD);
        committedManifest = Files.readAllBytes(manifestPath());
    }

    Path manifestPath() {
        return store.resolve("test-model/versions/000001/manifest.json");
    }

    JobConfig config(String extra) {
        return TestData.config(data, store, 3, "training.epochs = 1\n" + extra);
    }

    RunSummary run(JobConfig config, LocalDate date) {
        HadoopModelStore s = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());
        return new NightlyUpdate(spark, config, s).run(date);
    }

    void assertStoreUntouched() throws Exception {
        HadoopModelStore s = new HadoopModelStore(store.toUri().toString(), spark.sparkContext().hadoopConfiguration());
        assertThat(s.versions("test-model")).containsExactly(1);
        assertThat(Files.readAllBytes(manifestPath())).isEqualTo(committedManifest);
        assertThat(s.load("test-model", 1).network().numParams()).isPositive();
    }

    static Row row(String id, Float[] features, Integer label) {
        return RowFactory.create(id, features, label);
    }

    static Float[] ones() {
        Float[] x = new Float[TestData.FEATURES];
        java.util.Arrays.fill(x, 1f);
        return x;
    }

    @Test
    void schemaMismatchNamesPartitionColumnExpectedAndFoundType() throws Exception {
        LocalDate date = LocalDate.of(2026, 11, 21);
        StructType stringLabel = new StructType().add("id", DataTypes.StringType).add("features",
                DataTypes.createArrayType(DataTypes.FloatType)).add("label", DataTypes.StringType);
        TestData.writePartition(data, date, List.of(RowFactory.create("x", ones(), "shirt")), stringLabel);
        assertThatThrownBy(() -> run(config(""), date))
                .isInstanceOf(DataContractException.class)
                .hasMessageContaining("Partition date=2026-11-21")
                .hasMessageContaining("column 'label' (data.label-column) has type string")
                .hasMessageContaining("expected an integer class index");
        assertStoreUntouched();
        TestData.deletePartition(data, date);
    }

    @Test
    void configNamingAMissingColumnSaysWhichKey() throws Exception {
        assertThatThrownBy(() -> run(config("data.label-column = target\n"), GOOD))
                .isInstanceOf(DataContractException.class)
                .hasMessageContaining("column 'target' (data.label-column) is missing");
        assertStoreUntouched();
    }

    @Test
    void missingPartitionListsThePartitionsFound() throws Exception {
        assertThatThrownBy(() -> run(config(""), LocalDate.of(2026, 12, 1)))
                .isInstanceOf(DataContractException.class)
                .hasMessageContaining("Partition date=2026-12-01 does not exist")
                .hasMessageContaining("2026-11-20");
        assertStoreUntouched();
    }

    @Test
    void emptyPartitionsFailWithoutAndWithFiles() throws Exception {
        LocalDate noFiles = LocalDate.of(2026, 11, 22);
        Files.createDirectories(data.resolve("date=" + noFiles));
        assertThatThrownBy(() -> run(config(""), noFiles))
                .isInstanceOf(DataContractException.class).hasMessageContaining("has no data files");
        assertStoreUntouched();
        TestData.deletePartition(data, noFiles);

        LocalDate noRows = LocalDate.of(2026, 11, 23);
        TestData.writePartition(data, noRows, List.of(), TestData.SCHEMA);
        assertThatThrownBy(() -> run(config(""), noRows))
                .isInstanceOf(DataContractException.class).hasMessageContaining("no rows");
        assertStoreUntouched();
        TestData.deletePartition(data, noRows);
    }

    @Test
    void invalidFeaturesFailWithTheirCountOrAreDroppedAndCounted() throws Exception {
        LocalDate date = LocalDate.of(2026, 11, 24);
        List<Row> rows = new ArrayList<>(TestData.blobs("n", new int[] {0, 1}, 30, 5));
        Float[] nan = ones();
        nan[3] = Float.NaN;
        Float[] inf = ones();
        inf[0] = Float.POSITIVE_INFINITY;
        rows.add(row("bad-1", nan, 0));
        rows.add(row("bad-2", inf, 1));
        rows.add(row("bad-3", null, 1));
        Float[] negInf = ones();
        negInf[5] = Float.NEGATIVE_INFINITY;
        Float[] nullValue = ones();
        nullValue[7] = null;
        Float[] nanAndInf = ones();
        nanAndInf[1] = Float.NaN;
        nanAndInf[2] = Float.NEGATIVE_INFINITY;
        rows.add(row("bad-4", negInf, 0));
        rows.add(row("bad-5", nullValue, 1));
        rows.add(row("bad-6", nanAndInf, 0));
        TestData.writePartition(data, date, rows, TestData.SCHEMA);

        assertThatThrownBy(() -> run(config(""), date))
                .isInstanceOf(DataContractException.class)
                .hasMessageContaining("Partition date=2026-11-24")
                .hasMessageContaining("6 of 66 rows have null, NaN or infinite values in feature column(s) 'features'")
                .hasMessageContaining("data.invalid-rows = drop");
        assertStoreUntouched();

        RunSummary summary = run(config("data.invalid-rows = drop\n"), date);
        assertThat(summary.rows().droppedRows()).isEqualTo(6);
        assertThat(summary.rows().newRows() + summary.rows().heldOutRows()).isEqualTo(60);
        TestData.deletePartition(data, date);
        java.nio.file.Files.walk(store.resolve("test-model/versions/000002")).sorted(java.util.Comparator.reverseOrder())
                .forEach(p -> p.toFile().delete());
    }

    @Test
    void labelsOutOfRangeFailWithTheirCount() throws Exception {
        LocalDate date = LocalDate.of(2026, 11, 25);
        List<Row> rows = new ArrayList<>(TestData.blobs("l", new int[] {0, 1}, 20, 6));
        rows.add(row("big", ones(), 3));
        rows.add(row("neg", ones(), -1));
        rows.add(row("null", ones(), null));
        TestData.writePartition(data, date, rows, TestData.SCHEMA);
        assertThatThrownBy(() -> run(config(""), date))
                .isInstanceOf(DataContractException.class)
                .hasMessageContaining("3 of 43 rows have a label in column 'label'")
                .hasMessageContaining("outside 0..2");
        assertStoreUntouched();
        TestData.deletePartition(data, date);
    }

    @Test
    void featureLengthThatDoesNotFitTheModelIsRefused() throws Exception {
        LocalDate date = LocalDate.of(2026, 11, 26);
        StructType schema = TestData.SCHEMA;
        TestData.writePartition(data, date, List.of(row("short", new Float[] {1f, 2f}, 0)), schema);
        assertThatThrownBy(() -> run(config(""), date))
                .isInstanceOf(DataContractException.class)
                .hasMessageContaining("rows have 2 features but the model takes 8");
        assertStoreUntouched();
        TestData.deletePartition(data, date);
    }

    @Test
    void corruptParquetFileIsReportedWithItsPartition() throws Exception {
        LocalDate date = LocalDate.of(2026, 11, 27);
        Path dir = Files.createDirectories(data.resolve("date=" + date));
        Files.write(dir.resolve("part-0.parquet"), "not parquet at all".getBytes());
        assertThatThrownBy(() -> run(config(""), date))
                .isInstanceOf(DataContractException.class)
                .hasMessageContaining("Partition date=2026-11-27");
        assertStoreUntouched();
        TestData.deletePartition(data, date);
    }
}
