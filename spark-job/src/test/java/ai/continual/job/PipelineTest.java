package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.job.cli.ExitCodes;
import ai.continual.provenance.VersionManifest;
import ai.continual.store.HadoopModelStore;
import ai.continual.store.PromotedVersion;
import ai.continual.store.WriterLease;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one pipeline every command runs (plan, then execute, under the lease): the dry run prints what the run
 * then does, reruns are recognised by what they train, and the contracts a nightly run relies on hold.
 */
class PipelineTest {

    static final LocalDate DAY1 = LocalDate.of(2026, 11, 24);
    static final LocalDate DAY2 = LocalDate.of(2026, 11, 25);
    static final LocalDate DAY3 = LocalDate.of(2026, 11, 26);

    @TempDir
    static Path shared;
    static Path data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void writeData() {
        data = shared.resolve("data");
        TestData.writePartition(data, DAY1, TestData.blobs("a", new int[] {0, 1, 2, 3}, 15, 1), TestData.SCHEMA);
        TestData.writePartition(data, DAY2, TestData.blobs("b", new int[] {0, 1, 2, 3}, 25, 2), TestData.SCHEMA);
        TestData.writePartition(data, DAY3, TestData.blobs("c", new int[] {1, 2}, 15, 3), TestData.SCHEMA);
    }

    String job(Path store, String extra) {
        return CliRun.jobFile(tmp, data.toUri().toString(), store.toUri().toString(), extra).toString();
    }

    static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    static JsonNode json(String line) throws Exception {
        return HadoopModelStore.json().readTree(line);
    }

    static HadoopModelStore store(Path path) {
        return new HadoopModelStore(path.toUri().toString(), new Configuration());
    }

    @Test
    void dryRunPrintsThePlanTheRunThenExecutes() throws Exception {
        Path store = tmp.resolve("store");
        // max-new-rows caps the new partition's training rows: the plan must say so and the run must train that.
        String job = job(store, "training.max-new-rows = 50\n");
        assertThat(cli("update", "--config", job, "--date", DAY1.toString()).exitCode()).isEqualTo(ExitCodes.OK);

        CliRun dry = cli("update", "--config", job, "--date", DAY2.toString(), "--dry-run");
        assertThat(dry.exitCode()).as(dry.stderr()).isEqualTo(ExitCodes.OK);
        JsonNode plan = json(dry.lastLine());
        assertThat(store(store).versions("test-model")).containsExactly(1);

        CliRun run = cli("update", "--config", job, "--date", DAY2.toString());
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.OK);
        VersionManifest manifest = store(store).manifest("test-model", 2);
        assertThat(plan.get("version").asInt()).isEqualTo(manifest.version()).isEqualTo(2);
        assertThat(plan.get("parentVersion").asInt()).isEqualTo(manifest.parentVersion()).isEqualTo(1);
        assertThat(plan.get("newTrainingRows").asLong()).isGreaterThan(50);
        assertThat(plan.get("trainingRows").asLong()).isEqualTo(manifest.summary().rows().newRows()).isEqualTo(50);
        assertThat(plan.get("replayRows").asLong()).isEqualTo(manifest.summary().rows().replayRows()).isPositive();
        assertThat(plan.get("runKey").asText()).isEqualTo(manifest.summary().runKey());
        assertThat(plan.get("storeTarget").asText()).endsWith("/test-model/versions/000002");
        // Version 1 stored its reservoir and held-out sample: the update reads no history partition.
        assertThat(plan.get("historyPartitions")).isEmpty();
        assertThat(plan.get("replaySource").asText()).isEqualTo("reservoir of version 1");
        assertThat(manifest.summary().partitionsRead()).containsExactly(DAY2.toString());
        assertThat(plan.get("inputFeatures").asInt()).isEqualTo(TestData.FEATURES);

        // The dry run answers like the run: a committed run is reported, an older date is refused.
        CliRun again = cli("update", "--config", job, "--date", DAY2.toString(), "--dry-run");
        assertThat(again.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(again.stdout()).contains("already committed as version 2");
        assertThat(json(again.lastLine()).get("alreadyCommittedAs").asInt()).isEqualTo(2);
        // DAY1 with other settings is not version 1's run: it is an older date than the newest version's.
        CliRun older = cli("update", "--config", job, "--date", DAY1.toString(), "--dry-run", "--set", "seed=7");
        assertThat(older.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(older.stderr()).contains("is older than " + DAY2);
    }

    @Test
    void aRespelledStoreIsTheSameRunAndARewrittenPartitionIsANewOne() throws Exception {
        Path store = tmp.resolve("store");
        Path partitions = tmp.resolve("data");
        TestData.writePartition(partitions, DAY1, TestData.blobs("a", new int[] {0, 1, 2, 3}, 10, 1), TestData.SCHEMA);
        String dataRoot = partitions.toUri().toString();
        String absolute = store.toAbsolutePath().toString();
        for (String spelling : List.of(absolute, "file:" + absolute, absolute + "/")) {
            String job = CliRun.jobFile(tmp, dataRoot, spelling, "").toString();
            CliRun run = cli("update", "--config", job, "--date", DAY1.toString());
            assertThat(run.exitCode()).as(spelling + ": " + run.stderr()).isEqualTo(ExitCodes.OK);
        }
        assertThat(store(store).versions("test-model")).as("one run, three spellings of its store").containsExactly(1);

        // The same date with other rows (a rewritten partition) is a new run, trained on top of version 1.
        TestData.writePartition(partitions, DAY1, TestData.blobs("r", new int[] {0, 1, 2, 3}, 12, 9), TestData.SCHEMA);
        CliRun rewritten = cli("update", "--config", CliRun.jobFile(tmp, dataRoot, absolute, "").toString(),
                "--date", DAY1.toString());
        assertThat(rewritten.exitCode()).as(rewritten.stderr()).isEqualTo(ExitCodes.OK);
        assertThat(store(store).versions("test-model")).containsExactly(1, 2);
        assertThat(store(store).manifest("test-model", 2).parentVersion()).isEqualTo(1);
    }

    @Test
    void architectureKeysCannotChangeAfterVersionOneUnlessANewLineageStarts() throws Exception {
        Path store = tmp.resolve("store");
        String job = job(store, "");
        assertThat(cli("update", "--config", job, "--date", DAY1.toString()).exitCode()).isEqualTo(ExitCodes.OK);
        Map<String, String> before = StoreFingerprint.of(store.toUri().toString(), new Configuration());

        CliRun changed = cli("update", "--config", job, "--date", DAY2.toString(),
                "--set", "model.hidden-layers=[{size = 32, activation = relu}]");
        assertThat(changed.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(changed.stderr()).containsPattern("model.hidden-layers: stored \\[\\{[^]]*\"size\":16[^]]*}], configured"
                + " \\[\\{[^]]*\"size\":32").contains("--new-lineage");
        assertThat(StoreFingerprint.of(store.toUri().toString(), new Configuration())).isEqualTo(before);

        CliRun lineage = cli("update", "--config", job, "--date", DAY2.toString(),
                "--set", "model.hidden-layers=[{size = 32, activation = relu}]", "--new-lineage");
        assertThat(lineage.exitCode()).as(lineage.stderr()).isEqualTo(ExitCodes.OK);
        VersionManifest fresh = store(store).manifest("test-model", 2);
        assertThat(fresh.parentVersion()).isNull();
        assertThat(fresh.kind()).isEqualTo(ai.continual.provenance.VersionKind.INITIAL);
        assertThat(store(store).load("test-model", 2).network().getLayer(0).getParam("W").columns()).isEqualTo(32);
    }

    @Test
    void labelsBeyondNumClassesExitThreeWithTheirCountAndLargestLabel() {
        Path store = tmp.resolve("store");
        String job = job(store, "");
        assertThat(cli("update", "--config", job, "--date", DAY1.toString()).exitCode()).isEqualTo(ExitCodes.OK);

        // DAY3 holds labels 1 and 2 only; the stored reservoir of version 1 holds label 3.
        CliRun fewer = cli("update", "--config", job, "--date", DAY3.toString(), "--set", "data.num-classes=3");
        assertThat(fewer.exitCode()).as(fewer.stderr()).isEqualTo(ExitCodes.DATA_ERROR);
        // The reservoir's rows per class come from version 1's manifest (no scan): its count of class 3.
        long stored = store(store).manifest("test-model", 1).artifact(ai.continual.job.replay.ReplayReservoir.NAME)
                .orElseThrow().rowsByGroup().get("3");
        assertThat(fewer.stderr()).contains("beyond data.num-classes = 3").contains("the largest is 3")
                .contains("The reservoir stored with version 1").contains("has " + stored + " rows with labels");
        // DAY2 itself holds label 3: the partition's own check names the count and the largest label.
        CliRun partition = cli("update", "--config", job, "--date", DAY2.toString(), "--set", "data.num-classes=3");
        assertThat(partition.exitCode()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(partition.stderr()).contains("25 of 100 rows have a label").contains("the largest is 3");
    }

    @Test
    void aCorruptParquetPageExitsThreeNamingTheFile() throws Exception {
        Path root = tmp.resolve("corrupt");
        List<Row> rows = new ArrayList<>();
        Random random = new Random(4);
        for (int i = 0; i < 4000; i++) {
            Float[] x = new Float[TestData.FEATURES];
            for (int f = 0; f < x.length; f++) {
                x[f] = random.nextFloat();
            }
            rows.add(RowFactory.create("r" + i, x, random.nextInt(4)));
        }
        TestData.writePartition(root, DAY1, rows, TestData.SCHEMA);
        Path file;
        try (var files = Files.list(root.resolve("date=" + DAY1))) {
            file = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        // Garble every page (headers included) between the leading magic and the footer, which stays readable:
        // the schema and row counts load, the rows do not.
        int footerLength = java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        for (int i = 4; i < bytes.length - 8 - footerLength; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Files.write(file, bytes);
        Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));

        CliRun run = cli("update", "--config", CliRun.jobFile(tmp, root.toUri().toString(),
                tmp.resolve("store").toUri().toString(), "").toString(), "--date", DAY1.toString());
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(run.stderr()).contains("date=" + DAY1).contains("cannot be read").contains(file.getFileName().toString());
        assertThat(tmp.resolve("store/test-model/versions")).doesNotExist();
    }

    @Test
    void initExitsFiveWhenTheGateRejectsVersionOne() throws Exception {
        Path noisy = tmp.resolve("noisy");
        List<Row> rows = new ArrayList<>();
        Random random = new Random(5);
        for (Row row : TestData.blobs("n", new int[] {0, 1, 2, 3}, 20, 5)) {
            rows.add(RowFactory.create(row.get(0), row.get(1), random.nextInt(4)));
        }
        TestData.writePartition(noisy, DAY1, rows, TestData.SCHEMA);
        Path store = tmp.resolve("store");
        String job = CliRun.jobFile(tmp, noisy.toUri().toString(), store.toUri().toString(),
                "gate.min-new-score = 0.99\n").toString();
        Path zip = tmp.resolve("source.zip");
        ModelSerializer.writeModel(ai.continual.model.NetworkFactory.build(
                ai.continual.job.TestData.config(noisy, store, 4, "").model(),
                ai.continual.job.TestData.config(noisy, store, 4, "").training(),
                ai.continual.config.Task.CLASSIFICATION, TestData.FEATURES, 4, 3), zip.toFile(), false);

        CliRun init = cli("init", "--config", job, "--from", zip.toString(), "--date", DAY1.toString());
        assertThat(init.exitCode()).as(init.stderr()).isEqualTo(ExitCodes.REJECTED);
        assertThat(init.stderr()).contains("REJECTED").contains("gate.min-new-score");
        assertThat(store(store).versions("test-model")).containsExactly(1);
        assertThat(store(store).aliases("test-model")).doesNotContainKey(PromotedVersion.PRODUCTION_ALIAS);
    }

    @Test
    void initRetrainAndCompareTakeTheLease() throws Exception {
        Path store = tmp.resolve("store");
        String job = job(store, "");
        Path zip = tmp.resolve("source.zip");
        ModelSerializer.writeModel(ai.continual.model.NetworkFactory.build(
                TestData.config(data, store, 4, "").model(), TestData.config(data, store, 4, "").training(),
                ai.continual.config.Task.CLASSIFICATION, TestData.FEATURES, 4, 3), zip.toFile(), false);
        Path out = tmp.resolve("compare");
        try (WriterLease held = store(store).leases(Duration.ofMinutes(5)).acquire("test-model", "a test holding it");
             WriterLease compareHeld = new HadoopModelStore(out.resolve("stores").resolve("finetune").toUri().toString(),
                     new Configuration()).leases(Duration.ofMinutes(5)).acquire("test-model", "a test holding it")) {
            CliRun init = cli("init", "--config", job, "--from", zip.toString(), "--date", DAY1.toString());
            assertThat(init.exitCode()).as(init.stderr()).isEqualTo(ExitCodes.LEASE_HELD);
            CliRun retrain = cli("retrain", "--config", job, "--date", DAY1.toString());
            assertThat(retrain.exitCode()).as(retrain.stderr()).isEqualTo(ExitCodes.LEASE_HELD);
            CliRun dry = cli("update", "--config", job, "--date", DAY1.toString(), "--dry-run");
            assertThat(dry.exitCode()).as(dry.stderr()).isEqualTo(ExitCodes.LEASE_HELD);
            CliRun compare = cli("compare", "--config", job, "--strategies", "finetune", "--no-retrain", "--no-warm-up",
                    "--to", DAY1.toString(), "--out", out.toString());
            assertThat(compare.exitCode()).as(compare.stderr()).isEqualTo(ExitCodes.LEASE_HELD);
            assertThat(init.stderr() + retrain.stderr() + compare.stderr()).contains("a test holding it");
        }
        assertThat(store.resolve("test-model/versions")).satisfiesAnyOf(
                p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }
}
