package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.job.cli.ExitCodes;
import ai.continual.store.HadoopModelStore;
import ai.continual.store.PromotedVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first defect, end to end: a version committed for production whose alias move did not happen (the
 * driver died after the manifest) is promoted by the next run before anything else, so the night after builds on
 * it, never silently on the version before.
 */
class InterruptedPromotionTest {

    static final LocalDate DAY1 = LocalDate.of(2026, 11, 25);
    static final LocalDate DAY2 = LocalDate.of(2026, 11, 26);
    static final LocalDate DAY3 = LocalDate.of(2026, 11, 27);

    @TempDir
    Path tmp;

    @Test
    void aRerunCompletesThePromotionAndTheNextNightBuildsOnIt() throws Exception {
        Path data = tmp.resolve("data");
        TestData.writePartition(data, DAY1, TestData.blobs("a", new int[] {0, 1}, 30, 1), TestData.SCHEMA);
        TestData.writePartition(data, DAY2, TestData.blobs("b", new int[] {0, 1}, 30, 2), TestData.SCHEMA);
        TestData.writePartition(data, DAY3, TestData.blobs("c", new int[] {0, 1}, 30, 3), TestData.SCHEMA);
        String storeUri = tmp.resolve("store").toUri().toString();
        String job = CliRun.jobFile(tmp, data.toUri().toString(), storeUri, "").toString();
        HadoopModelStore store = new HadoopModelStore(storeUri, new Configuration());
        Path alias = tmp.resolve("store/test-model/aliases/production.json");

        assertThat(CliRun.of("update", "--config", job, "--date", DAY1.toString()).exitCode()).isEqualTo(ExitCodes.OK);
        byte[] productionAtOne = Files.readAllBytes(alias);
        assertThat(CliRun.of("update", "--config", job, "--date", DAY2.toString()).exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(store.manifest("test-model", 2).promoteTo()).isEqualTo(PromotedVersion.PRODUCTION_ALIAS);
        // The store as a driver killed between the manifest of version 2 and its alias move leaves it.
        Files.write(alias, productionAtOne);
        Files.deleteIfExists(alias.resolveSibling(".production.json.crc"));

        CliRun rerun = CliRun.of("update", "--config", job, "--date", DAY2.toString());
        assertThat(rerun.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(store.versions("test-model")).as("nothing trained again").containsExactly(1, 2);
        assertThat(PromotedVersion.latest(store, "test-model")).contains(2);

        assertThat(CliRun.of("update", "--config", job, "--date", DAY3.toString()).exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(store.manifest("test-model", 3).parentVersion()).isEqualTo(2);
        assertThat(store.manifest("test-model", 3).summary().metrics()).containsKeys(DAY1.toString(),
                DAY2.toString(), DAY3.toString());
    }
}
