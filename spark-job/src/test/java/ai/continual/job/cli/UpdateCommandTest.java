package ai.continual.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.job.LocalSpark;
import ai.continual.job.TestData;
import ai.continual.job.runtime.Nd4jBackendReport;
import ai.continual.store.HadoopModelStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code update} command line end to end: exit codes, --dry-run, --set provenance, --require-gpu. */
class UpdateCommandTest {

    static final LocalDate DAY1 = LocalDate.of(2026, 11, 25);
    static final LocalDate DAY2 = LocalDate.of(2026, 11, 26);

    @TempDir
    static Path shared;

    static Path data;

    @TempDir
    Path tmp;

    Path store;
    Path config;

    @BeforeAll
    static void writeData() {
        data = shared.resolve("data");
        TestData.writePartition(data, DAY1, TestData.blobs("a", new int[] {0, 1}, 40, 1), TestData.SCHEMA);
        TestData.writePartition(data, DAY2, TestData.blobs("b", new int[] {2, 3}, 40, 2), TestData.SCHEMA);
    }

    @BeforeEach
    void writeConfig() throws IOException {
        store = tmp.resolve("store");
        config = tmp.resolve("job.conf");
        Files.writeString(config, "model-name = cli-model\n"
                + "store = \"" + store.toUri() + "\"\n"
                + "data { root = \"" + data.toUri() + "\", id-column = id, num-classes = 4 }\n"
                + "model.hidden-layers = [{size = 8, activation = relu}]\n"
                + "training { epochs = 2, batch-size = 16, averaging-frequency = 2 }\n"
                + "replay { ratio = 1.0, max-rows = 30 }\n");
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing() throws IOException {
        Result result = run("update", "--config", config.toString(), "--date", DAY2.toString(), "--dry-run");

        assertThat(result.exitCode).as(result.err).isEqualTo(ExitCodes.OK);
        assertThat(result.out).contains("Dry run", "partitions found:", "examples to train:", "store target:");
        JsonNode plan = HadoopModelStore.json().readTree(result.lastLine());
        assertThat(plan.get("partitionsFound")).hasSize(2);
        assertThat(plan.get("historyPartitions").get(0).asText()).isEqualTo(DAY1.toString());
        long training = plan.get("newTrainingRows").asLong();
        assertThat(training).isBetween(50L, 80L);
        assertThat(plan.get("replayTarget").asLong()).isEqualTo(30);
        assertThat(plan.get("replayRows").asLong()).isEqualTo(30);
        assertThat(plan.get("examplesToTrain").asLong()).isEqualTo((training + 30) * 2);
        assertThat(plan.get("parentVersion").isNull()).isTrue();
        assertThat(plan.get("storeTarget").asText()).endsWith("/cli-model/versions/000001");
        assertThat(store.resolve("cli-model/versions")).doesNotExist();
    }

    @Test
    void updateExitsZeroAndRecordsTheSetOverrideInTheManifest() throws IOException {
        Result result = run("update", "--config", config.toString(), "--date", DAY1.toString(),
                "--set", "training.epochs=1", "--set", "seed=7");

        assertThat(result.exitCode).as(result.err).isEqualTo(ExitCodes.OK);
        assertThat(HadoopModelStore.json().readTree(result.lastLine()).get("version").asInt()).isEqualTo(1);
        // Read as a JSON tree: the manifest on disk is what provenance readers see.
        JsonNode manifest = new ObjectMapper().readTree(
                store.resolve("cli-model/versions/000001/" + HadoopModelStore.MANIFEST_FILE).toFile());
        assertThat(manifest.get("seed").asLong()).isEqualTo(7);
        assertThat(manifest.at("/config/training/epochs").asInt()).isEqualTo(1);
        assertThat(manifest.at("/config/seed").asInt()).isEqualTo(7);
    }

    @Test
    void badConfigExitsTwoBeforeReadingAnything() {
        Result result = run("update", "--config", config.toString(), "--date", DAY1.toString(),
                "--set", "training.epochs=0");

        assertThat(result.exitCode).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(result.err).contains("training.epochs");
        assertThat(run("update", "--config", config.toString(), "--date", "26-11-2026").exitCode)
                .isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(run("update", "--config", config.toString()).exitCode).isEqualTo(ExitCodes.CONFIG_ERROR);
    }

    @Test
    void missingPartitionExitsThreeAndNamesIt() {
        Result result = run("update", "--config", config.toString(), "--date", "2026-12-31");

        assertThat(result.exitCode).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(result.err).contains("date=2026-12-31 does not exist", DAY1.toString());
        assertThat(store.resolve("cli-model/versions")).doesNotExist();
    }

    @Test
    void missingPartitionInADryRunExitsThreeToo() {
        assertThat(run("update", "--config", config.toString(), "--date", "2026-12-31", "--dry-run").exitCode)
                .isEqualTo(ExitCodes.DATA_ERROR);
    }

    @Test
    void damagedStoreExitsFourAndIsLeftAsItWas() throws IOException {
        Path manifest = store.resolve("cli-model/versions/000001/" + HadoopModelStore.MANIFEST_FILE);
        Files.createDirectories(manifest.getParent());
        Files.writeString(manifest, "{ not json");
        Result result = run("update", "--config", config.toString(), "--date", DAY1.toString());

        assertThat(result.exitCode).as(result.err).isEqualTo(ExitCodes.STORE_ERROR);
        assertThat(result.err).contains(manifest.getFileName().toString());
        try (var files = Files.list(store.resolve("cli-model/versions"))) {
            assertThat(files).hasSize(1);
        }
        assertThat(Files.readString(manifest)).isEqualTo("{ not json");
    }

    @Test
    void requireGpuOnACpuBackendExitsSixBeforeSparkWork() {
        Assumptions.assumeFalse(Nd4jBackendReport.local().isGpu(), "this machine has a GPU backend");
        Result result = run("update", "--config", config.toString(), "--date", DAY1.toString(), "--require-gpu");

        assertThat(result.exitCode).isEqualTo(ExitCodes.GPU_UNAVAILABLE);
        assertThat(result.err).contains("--require-gpu", "CPU", "-Pcuda");
        assertThat(store.resolve("cli-model/versions")).doesNotExist();
    }

    record Result(int exitCode, String out, String err) {
        String lastLine() {
            List<String> lines = new ArrayList<>(out.lines().filter(l -> !l.isBlank()).toList());
            return lines.get(lines.size() - 1);
        }
    }

    /** Runs the command line in this JVM (sharing the local Spark session) and captures stdout and stderr. */
    static Result run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = ContinualJob.run(args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        String stderr = err.toString(StandardCharsets.UTF_8);
        originalErr.print(stderr);
        return new Result(code, out.toString(StandardCharsets.UTF_8), stderr);
    }
}
