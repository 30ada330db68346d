package ai.continual.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.job.CliRun;
import ai.continual.store.HadoopModelStore;
import ai.continual.store.ModelStore;
import ai.continual.store.PendingVersion;
import ai.continual.store.PromotedVersion;
import ai.continual.store.StoreFixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code models verify|list|repair|unlock} on a real local store holding real (tiny) models, damaged the way the
 * issue found: every problem exits non-zero and names the file or version, and nothing is ever deleted.
 */
class ModelsCommandsTest {

    static final String MODEL = "test-model";

    @TempDir
    Path tmp;
    Path root;
    String job;
    ModelStore store;

    @BeforeEach
    void threeVersionsWithProductionAtThree() {
        root = tmp.resolve("store");
        job = CliRun.jobFile(tmp, tmp.resolve("data").toUri().toString(), root.toUri().toString(), "").toString();
        store = new HadoopModelStore(root.toUri().toString(), new Configuration());
        for (int v = 1; v <= 3; v++) {
            PendingVersion pending = store.begin(MODEL);
            store.commit(pending, StoreFixtures.model(MODEL, v, "2026-11-2" + v, v), Optional.of("production"));
        }
    }

    CliRun models(String... args) {
        return CliRun.models(job, args);
    }

    Path versionFile(int version, String name) {
        return root.resolve(MODEL + "/versions/" + String.format("%06d", version) + "/" + name);
    }

    @Test
    void verifyPassesOnAHealthyStore() {
        CliRun verify = models("verify");
        assertThat(verify.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(verify.stdout()).contains("3 versions loaded").contains("production=3").contains("0 failures");
    }

    @Test
    void verifyNamesAFileWithOneFlippedByte() throws IOException {
        Path normalizer = versionFile(2, HadoopModelStore.NORMALIZER_FILE);
        byte[] bytes = Files.readAllBytes(normalizer);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(normalizer, bytes);
        Files.deleteIfExists(normalizer.resolveSibling(".normalizer.bin.crc"));

        CliRun verify = models("verify");
        assertThat(verify.exitCode()).isEqualTo(ExitCodes.STORE_ERROR);
        assertThat(verify.stdout()).contains("version 2: FAILED").contains("000002/normalizer.bin")
                .contains("1 failures");
    }

    @Test
    void verifyReportsAnEmptyManifestWithoutACrashAndRepairMovesItAside() throws IOException {
        Files.writeString(versionFile(2, HadoopModelStore.MANIFEST_FILE), "{}");
        Files.deleteIfExists(versionFile(2, ".manifest.json.crc"));

        CliRun verify = models("verify");
        assertThat(verify.exitCode()).isEqualTo(ExitCodes.STORE_ERROR);
        assertThat(verify.stdout()).contains("version 2: FAILED").contains("000002/manifest.json")
                .contains("model is 'null'").doesNotContain("NullPointerException");
        assertThat(verify.stderr()).doesNotContain("NullPointerException");

        CliRun repair = models("repair");
        assertThat(repair.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(repair.stdout()).contains("quarantined version folder 2").contains("1 folders moved to quarantine");
        assertThat(store.versions(MODEL)).containsExactly(1, 3);
        assertThat(root.resolve(MODEL + "/quarantine")).isDirectoryContaining(p -> p.getFileName().toString()
                .startsWith("000002-") && Files.exists(p.resolve(HadoopModelStore.MODEL_FILE)));
        CliRun after = models("verify");
        assertThat(after.exitCode()).as("nothing serves from the quarantined folder").isEqualTo(ExitCodes.OK);
        assertThat(after.stdout()).contains("WARNING quarantined version folder 2").contains("2 versions loaded")
                .contains("1 quarantined");
    }

    @Test
    void aliasPointingAtALostVersionIsAnErrorNamingIt() throws IOException {
        Files.delete(versionFile(3, HadoopModelStore.MANIFEST_FILE));
        CliRun verify = models("verify");
        assertThat(verify.exitCode()).isEqualTo(ExitCodes.STORE_ERROR);
        assertThat(verify.stdout()).contains("alias production -> 3: FAILED version 3 is not committed");

        CliRun promoteLatest = models("promote", "latest");
        assertThat(promoteLatest.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(promoteLatest.stdout()).contains("production -> version 2");
        assertThat(store.quarantined(MODEL)).singleElement().satisfies(q -> assertThat(q.version()).isEqualTo(3));
        assertThat(store.begin(MODEL).version()).isEqualTo(4);
    }

    @Test
    void listAndVerifyOfAStoreThatDoesNotExistExitWithTheStoreError() {
        String missing = CliRun.jobFile(tmp, tmp.resolve("data").toUri().toString(),
                tmp.resolve("no-such-store").toUri().toString(), "").toString();
        for (String command : new String[] {"list", "verify"}) {
            CliRun run = CliRun.of("models", command, "--config=" + missing);
            assertThat(run.exitCode()).as(command).isEqualTo(ExitCodes.STORE_ERROR);
            assertThat(run.stderr()).contains("no model 'test-model'").contains("no-such-store");
        }
        assertThat(tmp.resolve("no-such-store")).doesNotExist();
    }

    @Test
    void unlockRefusesALiveLeaseNamingItsHolderAndRemovesADeadOne() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        StoreFixtures.writeAbandonedLease(fs, root.toUri().toString(), MODEL, "other-host", 77,
                Instant.now().plusSeconds(600));
        CliRun refused = models("unlock");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.LEASE_HELD);
        assertThat(refused.stderr()).contains("other-host/pid-77").contains("--force");
        CliRun blocked = models("promote", "1");
        assertThat(blocked.exitCode()).isEqualTo(ExitCodes.LEASE_HELD);
        assertThat(models("unlock", "--force").stdout()).contains("removed the lease of other-host/pid-77");

        StoreFixtures.writeAbandonedLease(fs, root.toUri().toString(), MODEL, InetAddress.getLocalHost().getHostName(),
                StoreFixtures.deadPid(), Instant.now().plusSeconds(600));
        assertThat(models("promote", "1").exitCode()).as("a dead writer on this host is taken over at once")
                .isEqualTo(ExitCodes.OK);
        assertThat(PromotedVersion.latest(store, MODEL)).contains(1);
        assertThat(models("unlock").stdout()).contains("is not locked");
    }
}
