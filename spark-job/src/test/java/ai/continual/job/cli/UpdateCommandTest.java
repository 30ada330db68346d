package ai.continual.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.job.LocalSpark;
import ai.continual.job.TestData;
import ai.continual.job.runtime.Nd4jBackendReport;
import ai.continual.store.HadoopModelStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operability options of {@code update}: --dry-run and --require-gpu (exit codes 0, 3 and 6). */
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
        ContinualJobTest.Result result = ContinualJobTest.run("update", "--config", config.toString(),
                "--date", DAY2.toString(), "--dry-run");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).contains("Dry run", "partitions found:", "examples to train:", "store target:");
        JsonNode plan = HadoopModelStore.json().readTree(lastLine(result.out()));
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
    void missingPartitionInADryRunExitsThreeToo() {
        ContinualJobTest.Result result = ContinualJobTest.run("update", "--config", config.toString(),
                "--date", "2026-12-31", "--dry-run");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(result.err()).contains("date=2026-12-31 does not exist");
    }

    @Test
    void requireGpuOnACpuBackendExitsSixBeforeSparkWork() {
        Assumptions.assumeFalse(Nd4jBackendReport.local().isGpu(), "this machine has a GPU backend");
        ContinualJobTest.Result result = ContinualJobTest.run("update", "--config", config.toString(),
                "--date", DAY1.toString(), "--require-gpu");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.GPU_UNAVAILABLE);
        assertThat(result.err()).contains("--require-gpu", "CPU", "-Pcuda");
        assertThat(store.resolve("cli-model/versions")).doesNotExist();
    }

    /** The last non-blank line of stdout, where the job prints its JSON. */
    static String lastLine(String out) {
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        return lines.get(lines.size() - 1);
    }
}
