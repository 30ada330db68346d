package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.job.cli.ExitCodes;
import ai.continual.provenance.RunSummary;
import ai.continual.store.HadoopModelStore;
import ai.continual.store.StoreFixtures;
import ai.continual.store.WriterLease;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idempotent reruns, --force, stale dates, the writer lease, crash leftovers and the models subcommands. */
class UpdateSafetyTest {

    static final LocalDate DAY0 = LocalDate.of(2026, 11, 24);
    static final LocalDate DAY1 = LocalDate.of(2026, 11, 25);
    static final LocalDate DAY2 = LocalDate.of(2026, 11, 26);

    @TempDir
    Path tmp;

    Path data;
    String storeUri;
    String job;
    HadoopModelStore store;

    @BeforeEach
    void writeData() {
        data = tmp.resolve("data");
        TestData.writePartition(data, DAY0, TestData.blobs("z", new int[] {0, 1}, 30, 0), TestData.SCHEMA);
        TestData.writePartition(data, DAY1, TestData.blobs("a", new int[] {0, 1}, 30, 1), TestData.SCHEMA);
        TestData.writePartition(data, DAY2, TestData.blobs("b", new int[] {2, 3}, 30, 2), TestData.SCHEMA);
        storeUri = tmp.resolve("store").toUri().toString();
        job = CliRun.jobFile(tmp, data.toUri().toString(), storeUri, "").toString();
        store = new HadoopModelStore(storeUri, new Configuration());
    }

    CliRun update(LocalDate date, String... extra) {
        String[] args = new String[5 + extra.length];
        args[0] = "update";
        args[1] = "--config";
        args[2] = job;
        args[3] = "--date";
        args[4] = date.toString();
        System.arraycopy(extra, 0, args, 5, extra.length);
        return CliRun.of(args);
    }

    CliRun models(String... args) {
        return CliRun.models(job, args);
    }

    static RunSummary summary(CliRun run) throws IOException {
        return HadoopModelStore.json().readValue(run.lastLine(), RunSummary.class);
    }

    @Test
    void rerunsAreIdempotentForceAddsVersionsAndModelsCommandsManageAliases() throws IOException {
        assertThat(update(DAY1).exitCode()).isEqualTo(ExitCodes.OK);
        var afterFirst = StoreFingerprint.of(storeUri, new Configuration());

        CliRun rerun = update(DAY1);
        assertThat(rerun.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(rerun.stderr()).contains("already committed as version 1").contains("--force");
        assertThat(summary(rerun).version()).isEqualTo(1);
        assertThat(StoreFingerprint.of(storeUri, new Configuration())).isEqualTo(afterFirst);

        assertThat(summary(update(DAY2)).version()).isEqualTo(2);
        assertThat(store.alias("test-model", "production").orElseThrow().version())
                .as("a version the gate accepts becomes production").isEqualTo(2);
        assertThat(summary(update(DAY1)).version()).as("an earlier night already committed is answered too")
                .isEqualTo(1);

        var beforeStale = StoreFingerprint.of(storeUri, new Configuration());
        CliRun stale = update(DAY0);
        assertThat(stale.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(stale.stderr()).contains("--date " + DAY0 + " is older than " + DAY2).contains("--force");
        assertThat(StoreFingerprint.of(storeUri, new Configuration())).isEqualTo(beforeStale);

        CliRun forced = update(DAY0, "--force");
        assertThat(forced.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(summary(forced).version()).isEqualTo(3);
        assertThat(summary(update(DAY2, "--force")).version()).isEqualTo(4);
        assertThat(store.versions("test-model")).containsExactly(1, 2, 3, 4);

        CliRun list = models("list");
        assertThat(list.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(list.stdout()).contains(DAY0.toString()).contains(DAY1.toString()).contains(DAY2.toString());
        assertThat(list.stdout().lines().filter(l -> l.matches("^[1-4] .*"))).hasSize(4);

        assertThat(models("promote", "1").stdout()).contains("production -> version 1");
        assertThat(models("promote", "2").exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(models("promote", "latest").stdout()).contains("production -> version 4");
        assertThat(models("promote", "3", "--alias", "staging").exitCode()).isEqualTo(ExitCodes.OK);
        CliRun rollback = models("rollback");
        assertThat(rollback.stdout()).contains("production -> version 2 (was 4)");
        // Every promoted update moved production in its commit (versions 1..4), then the three promotions and the rollback.
        assertThat(store.alias("test-model", "production").orElseThrow().history())
                .extracting(c -> c.action() + " " + c.version())
                .containsExactly("promote 1", "promote 2", "promote 3", "promote 4", "promote 1", "promote 2",
                        "promote 4", "rollback 2");
        assertThat(store.alias("test-model", "production").orElseThrow().history().get(0).by())
                .as("an update's promotion is part of its commit").isEqualTo("commit");
        CliRun show = models("show", "production");
        assertThat(show.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(show.stdout()).contains("\"version\" : 2").contains("\"configHash\"");
        assertThat(models("promote", "9").exitCode()).isEqualTo(ExitCodes.STORE_ERROR);

        CliRun gc = models("gc", "--keep", "1");
        assertThat(gc.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(store.versions("test-model")).as("latest, production and staging survive").containsExactly(2, 3, 4);
        assertThat(models("verify").stdout()).contains("3 versions loaded").contains("0 failures");
        assertThat(models("gc", "--keep", "0").exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
    }

    @Test
    void secondRunFailsAtOnceWhileTheLeaseIsLiveAndTakesOverAnExpiredOne() throws IOException {
        WriterLease other = store.leases(Duration.ofHours(1)).acquire("test-model", "update from another host");
        CliRun blocked = update(DAY1);
        assertThat(blocked.exitCode()).isEqualTo(ExitCodes.LEASE_HELD);
        assertThat(blocked.stderr()).contains("is being written by " + other.record().owner())
                .contains("update from another host");
        assertThat(store.versions("test-model")).isEmpty();
        assertThat(store.leases(Duration.ofHours(1)).current("test-model")).contains(other.record());
        other.close();

        StoreFixtures.writeAbandonedLease(FileSystem.getLocal(new Configuration()), storeUri, "test-model",
                "another-host", 4242, java.time.Instant.now().minusSeconds(1));
        assertThat(update(DAY1).exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(store.versions("test-model")).containsExactly(1);
        assertThat(store.leases(Duration.ofHours(1)).current("test-model"))
                .as("the run released the lease it took over").isEmpty();
    }

    @Test
    void aCrashedAttemptIsMovedAsideNotDeletedAndItsNumberIsNotReused() throws IOException {
        Path crashed = tmp.resolve("store/test-model/versions/000001");
        Files.createDirectories(crashed);
        Files.write(crashed.resolve("model.zip"), new byte[] {'P', 'K', 3});
        Files.createDirectories(tmp.resolve("store/test-model/aliases"));
        Files.writeString(tmp.resolve("store/test-model/aliases/.production.json.1234.tmp"), "{");
        Files.writeString(tmp.resolve("store/test-model/._lease.json.5678.tmp"), "{");
        assertThat(store.versions("test-model")).isEmpty();

        assertThat(update(DAY1).exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(store.versions("test-model")).containsExactly(2);
        assertThat(store.load("test-model", 2).network().numParams()).isPositive();
        assertThat(store.quarantined("test-model")).singleElement().satisfies(q -> {
            assertThat(q.version()).isEqualTo(1);
            assertThat(Path.of(java.net.URI.create(q.folder())).resolve("model.zip")).hasBinaryContent(
                    new byte[] {'P', 'K', 3});
        });
        assertThat(Files.list(tmp.resolve("store/test-model/aliases")))
                .as("the crashed temporary pointer is gone; the update's own production pointer is there")
                .containsExactly(tmp.resolve("store/test-model/aliases/production.json"));
        assertThat(tmp.resolve("store/test-model/._lease.json.5678.tmp")).doesNotExist();
    }
}
