package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.job.cli.ExitCodes;
import ai.continual.provenance.VersionManifest;
import ai.continual.store.HadoopModelStore;
import ai.continual.store.StoreFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input ends with a clear message, its exit code, and the committed versions of the
 * store exactly as they were (compared file by file, by content hash).
 */
class BadInputTest {

    static final LocalDate GOOD = LocalDate.of(2026, 11, 26);
    static final LocalDate NEXT = LocalDate.of(2026, 11, 27);
    static final LocalDate BAD = LocalDate.of(2026, 11, 28);

    @TempDir
    static Path tmp;
    static Path goodData;
    static String storeUri;
    static String job;

    Map<String, String> before;

    @BeforeAll
    static void commitOneVersion() {
        goodData = tmp.resolve("good");
        TestData.writePartition(goodData, GOOD, TestData.blobs("g", new int[] {0, 1, 2, 3}, 15, 5), TestData.SCHEMA);
        storeUri = tmp.resolve("store").toUri().toString();
        job = CliRun.jobFile(tmp, goodData.toUri().toString(), storeUri, "").toString();
        assertThat(CliRun.of("update", "--config", job, "--date", GOOD.toString()).exitCode()).isEqualTo(ExitCodes.OK);
    }

    @BeforeEach
    void fingerprint() {
        before = StoreFingerprint.of(storeUri, new Configuration());
        assertThat(before).isNotEmpty();
    }

    @AfterEach
    void storeIsUntouched() {
        assertThat(StoreFingerprint.of(storeUri, new Configuration())).isEqualTo(before);
        assertThat(new HadoopModelStore(storeUri, new Configuration()).leases(java.time.Duration.ofMinutes(1))
                .current("test-model")).isEmpty();
    }

    static CliRun update(LocalDate date, String... sets) {
        List<String> args = new ArrayList<>(List.of("update", "--config", job, "--date", date.toString()));
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        return CliRun.of(args.toArray(String[]::new));
    }

    /** A data root holding only {@code rows} as the partition of {@link #BAD}. */
    static String badRoot(String name, List<Row> rows, StructType schema) {
        Path root = tmp.resolve(name);
        TestData.writePartition(root, BAD, rows, schema);
        return root.toUri().toString();
    }

    static List<Row> goodRows() {
        return TestData.blobs("x", new int[] {0, 1}, 10, 9);
    }

    @Test
    void corruptParquetFile() throws IOException {
        Path partition = Files.createDirectories(tmp.resolve("corrupt/date=" + BAD));
        Files.write(partition.resolve("part-00000.parquet"), "this is not parquet".getBytes());
        CliRun run = update(BAD, "data.root=\"" + tmp.resolve("corrupt").toUri() + "\"");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(run.stderr()).contains("date=" + BAD).contains("cannot be read as parquet");
    }

    @Test
    void schemaMismatch() {
        StructType schema = new StructType().add("id", DataTypes.StringType).add("features", DataTypes.StringType)
                .add("label", DataTypes.IntegerType);
        String root = badRoot("schema", List.of(RowFactory.create("r1", "1,2,3", 1)), schema);
        CliRun run = update(BAD, "data.root=\"" + root + "\"");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(run.stderr()).contains("column 'features' (data.features) has type string");
    }

    @Test
    void configNamesAMissingColumn() {
        CliRun run = update(GOOD, "data.label-column=target");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(run.stderr()).contains("column 'target' (data.label-column) is missing");
    }

    @Test
    void nanAndInfiniteFeatures() {
        List<Row> rows = new ArrayList<>(goodRows());
        Float[] nan = new Float[TestData.FEATURES];
        Arrays.fill(nan, 1f);
        nan[3] = Float.NaN;
        Float[] inf = nan.clone();
        inf[3] = Float.POSITIVE_INFINITY;
        rows.add(RowFactory.create("nan", nan, 1));
        rows.add(RowFactory.create("inf", inf, 1));
        CliRun run = update(BAD, "data.root=\"" + badRoot("nan", rows, TestData.SCHEMA) + "\"");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(run.stderr()).contains("2 of 22 rows have null, NaN or infinite values").contains("invalid-rows = drop");
    }

    @Test
    void labelsOutOfRange() {
        List<Row> rows = new ArrayList<>(goodRows());
        Float[] x = new Float[TestData.FEATURES];
        Arrays.fill(x, 0f);
        rows.add(RowFactory.create("seven", x, 7));
        CliRun run = update(BAD, "data.root=\"" + badRoot("labels", rows, TestData.SCHEMA) + "\"");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(run.stderr()).contains("1 of 21 rows have a label").contains("outside 0..3");
    }

    @Test
    void emptyPartition() throws IOException {
        Path partition = Files.createDirectories(tmp.resolve("empty/date=" + BAD));
        Files.writeString(partition.resolve("_SUCCESS"), "");
        CliRun run = update(BAD, "data.root=\"" + tmp.resolve("empty").toUri() + "\"");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(run.stderr()).contains("has no data files; it is empty");
    }

    @Test
    void missingPartition() {
        CliRun run = update(LocalDate.of(2026, 12, 31));
        assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(run.stderr()).contains("date=2026-12-31 does not exist").contains(GOOD.toString());
    }

    @Test
    void dateOlderThanTheStoresLatest() {
        CliRun run = update(GOOD.minusDays(3));
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(run.stderr()).contains("is older than " + GOOD).contains("--force");
    }

    @Test
    void unreadableStoreUri() {
        CliRun run = update(GOOD, "store=\"nosuchfs://bucket/models\"");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.STORE_ERROR);
        assertThat(run.stderr()).contains("Cannot open the model store at 'nosuchfs://bucket/models'")
                .contains("No FileSystem for scheme");
    }

    @Test
    void unwritableStoreUri() throws IOException {
        Path blocker = Files.writeString(tmp.resolve("a-file"), "not a folder");
        CliRun run = update(GOOD, "store=\"" + blocker.toUri() + "/store\"");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.STORE_ERROR);
        assertThat(run.stderr()).contains("Cannot write the lease").contains("a-file/store");
    }

    @Test
    void configKeyTypo() {
        // The message itself is JobConfigLoaderTest's; here: exit code 2 and, after each test, an untouched store.
        assertThat(update(GOOD, "training.epochz=3").exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
    }

    @Test
    void modelNameWithPathCharacters() {
        for (String name : new String[] {"../evil", "a/b", "\"..\""}) {
            CliRun run = update(GOOD, "model-name=" + name);
            assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
            assertThat(run.stderr()).contains("Config key 'model-name'");
        }
        assertThat(tmp.resolve("evil")).doesNotExist();
        assertThat(tmp.resolve("store/a")).doesNotExist();
    }

    @Test
    void storeWrittenByANewerFormat() throws IOException {
        String newer = tmp.resolve("newer-store").toUri().toString();
        HadoopModelStore store = new HadoopModelStore(newer, new Configuration());
        store.commit(store.begin("test-model"), StoreFixtures.model("test-model", 1, GOOD.toString(), 1,
                VersionManifest.CURRENT_FORMAT + 1, "other"), java.util.Optional.empty());
        Map<String, String> newerBefore = StoreFingerprint.of(newer, new Configuration());

        CliRun run = update(NEXT, "store=\"" + newer + "\"");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.STORE_ERROR);
        assertThat(run.stderr()).contains("has store format " + (VersionManifest.CURRENT_FORMAT + 1))
                .contains("upgrade the job");
        assertThat(StoreFingerprint.of(newer, new Configuration())).isEqualTo(newerBefore);
    }

    @Test
    void truncatedModelInAnOldVersion() throws IOException {
        TestData.writePartition(goodData, NEXT, TestData.blobs("n", new int[] {1, 2}, 15, 6), TestData.SCHEMA);
        String other = tmp.resolve("truncated-store").toUri().toString();
        String store = "store=\"" + other + "\"";
        assertThat(update(GOOD, store).exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(update(GOOD, store, "seed=7").exitCode()).isEqualTo(ExitCodes.OK);
        Path v1 = tmp.resolve("truncated-store/test-model/versions/000001/model.zip");
        byte[] bytes = Files.readAllBytes(v1);
        Files.write(v1, Arrays.copyOf(bytes, bytes.length / 2));
        Files.deleteIfExists(v1.resolveSibling(".model.zip.crc"));

        String config = "--config=" + job;
        CliRun list = CliRun.of("models", "list", config, "--set", store);
        assertThat(list.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(list.stdout().lines().filter(l -> l.matches("^[12] .*"))).hasSize(2);
        CliRun verify = CliRun.of("models", "verify", config, "--set", store);
        assertThat(verify.exitCode()).isEqualTo(ExitCodes.STORE_ERROR);
        assertThat(verify.stdout()).contains("version 1: FAILED").contains("000001/model.zip").contains("1 failures");
        assertThat(CliRun.of("models", "promote", "1", config, "--set", store).exitCode()).isEqualTo(ExitCodes.STORE_ERROR);

        CliRun next = update(NEXT, store);
        assertThat(next.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(next.lastLine()).contains("\"version\":3").contains("\"parent\":2");
        goodDataCleanup();
    }

    private static void goodDataCleanup() throws IOException {
        // NEXT was only for the truncated-store case; the shared store's runs read GOOD alone.
        try (var files = Files.walk(goodData.resolve("date=" + NEXT))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
