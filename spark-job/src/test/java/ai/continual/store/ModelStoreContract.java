package ai.continual.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.continual.provenance.VersionManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The behaviour every {@link ModelStore} (and its {@link LeaseManager}) must show, run unchanged against the local
 * file system, HDFS, S3 and the fault-injecting store by the subclasses. Each test gets a fresh store root; damage
 * is done to the files directly, as an operator or a failing disk would.
 */
abstract class ModelStoreContract {

    static final String MODEL = "contract-model";
    static final String PRODUCTION = PromotedVersion.PRODUCTION_ALIAS;

    /** Hadoop settings that reach the back end. */
    abstract Configuration conf();

    /** A fresh, empty root URI on the back end. */
    abstract String newRoot() throws Exception;

    /** The store under test at {@code root}. */
    ModelStore open(String root) {
        return new HadoopModelStore(root, conf());
    }

    /** The lease manager of the store at {@code root}. */
    LeaseManager leases(String root, Duration ttl) {
        return new HadoopModelStore(root, conf()).leases(ttl);
    }

    String root;
    ModelStore store;
    LeaseManager leases;
    FileSystem fs;

    @BeforeEach
    void openStore() throws Exception {
        root = newRoot();
        store = open(root);
        leases = leases(root, Duration.ofMinutes(2));
        fs = new Path(root).getFileSystem(conf());
    }

    VersionManifest commit(int version, String date, long seed) {
        return commit(version, date, seed, Optional.empty());
    }

    VersionManifest commit(int version, String date, long seed, Optional<String> promoteTo) {
        PendingVersion pending = store.begin(MODEL);
        assertThat(pending.version()).isEqualTo(version);
        return store.commit(pending, StoreFixtures.model(MODEL, version, date, seed), promoteTo);
    }

    Path versionDir(int version) {
        return new Path(root + "/" + MODEL + "/versions/" + String.format("%06d", version));
    }

    byte[] read(Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return in.readAllBytes();
        }
    }

    void overwrite(Path file, byte[] bytes) throws IOException {
        fs.delete(file, false);
        fs.delete(new Path(file.getParent(), "." + file.getName() + ".crc"), false);
        try (OutputStream out = fs.create(file, true)) {
            out.write(bytes);
        }
    }

    @Test
    void emptyStoreHasNoVersionsAliasesOrLease() {
        assertThat(store.hasModel(MODEL)).isFalse();
        assertThat(store.versions(MODEL)).isEmpty();
        assertThat(store.latestVersion(MODEL)).isEmpty();
        assertThat(store.aliases(MODEL)).isEmpty();
        assertThat(store.quarantined(MODEL)).isEmpty();
        assertThat(leases.current(MODEL)).isEmpty();
        assertThat(store.begin(MODEL).version()).isEqualTo(1);
        assertThat(store.hasModel(MODEL)).isTrue();
    }

    @Test
    void committedVersionLoadsBackBitForBitWithTheChecksumOfEveryFile() {
        StoredModel written = StoreFixtures.model(MODEL, 1, "2026-11-23", 7);
        VersionManifest manifest = store.commit(store.begin(MODEL), written, Optional.empty());

        assertThat(manifest.formatVersion()).isEqualTo(VersionManifest.CURRENT_FORMAT);
        assertThat(manifest.checksums()).containsOnlyKeys(HadoopModelStore.MODEL_FILE, HadoopModelStore.NORMALIZER_FILE);
        assertThat(manifest.checksums().values()).allSatisfy(sha -> assertThat(sha).matches("[0-9a-f]{64}"));
        StoredModel read = store.load(MODEL, 1);
        assertThat(read.manifest()).isEqualTo(manifest);
        assertThat(read.network().params()).isEqualTo(written.network().params());
        assertThat(read.normalizer().getMean()).isEqualTo(written.normalizer().getMean());
        assertThat(read.manifest().summary().date()).isEqualTo("2026-11-23");
        assertThat(read.manifest().configHash()).isEqualTo("cfg-hash");
        assertThat(read.network().output(Nd4j.rand(2, 4)).shape()).containsExactly(2L, 3L);
    }

    @Test
    void crashedAttemptIsMovedAsideNeverDeletedAndItsNumberIsNeverReused() throws IOException {
        commit(1, "2026-11-23", 1);
        Path crashed = versionDir(2);
        fs.mkdirs(crashed);
        try (OutputStream out = fs.create(new Path(crashed, HadoopModelStore.MODEL_FILE))) {
            out.write(new byte[] {1, 2, 3});
        }
        assertThat(store.versions(MODEL)).containsExactly(1);

        assertThat(store.rollForward(MODEL)).isEmpty();
        assertThat(fs.exists(crashed)).isFalse();
        List<QuarantinedVersion> quarantined = store.quarantined(MODEL);
        assertThat(quarantined).singleElement().satisfies(q -> {
            assertThat(q.version()).isEqualTo(2);
            assertThat(q.reason()).contains("no manifest.json");
        });
        assertThat(read(new Path(quarantined.get(0).folder(), HadoopModelStore.MODEL_FILE)))
                .containsExactly(1, 2, 3);
        assertThat(store.versions(MODEL)).containsExactly(1);
        assertThat(store.begin(MODEL).version()).as("2 is taken by the quarantined folder").isEqualTo(3);
    }

    @Test
    void lostManifestOfTheProductionVersionKeepsItsModelAndIsAnErrorNotAFallback() throws IOException {
        commit(1, "2026-11-23", 1, Optional.of(PRODUCTION));
        commit(2, "2026-11-24", 2, Optional.of(PRODUCTION));
        byte[] model = read(new Path(versionDir(2), HadoopModelStore.MODEL_FILE));
        fs.delete(new Path(versionDir(2), HadoopModelStore.MANIFEST_FILE), false);

        store.rollForward(MODEL);
        assertThat(store.quarantined(MODEL)).extracting(QuarantinedVersion::version).containsExactly(2);
        assertThat(read(new Path(store.quarantined(MODEL).get(0).folder(), HadoopModelStore.MODEL_FILE)))
                .isEqualTo(model);
        assertThatThrownBy(() -> PromotedVersion.latest(store, MODEL))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("'production' alias").hasMessageContaining("version 2")
                .hasMessageContaining("models promote");
        assertThat(store.begin(MODEL).version()).as("version numbers are never reused").isEqualTo(3);
    }

    @Test
    void emptyOrUnparsableManifestIsAClearErrorAndIsQuarantinedByRollForward() throws IOException {
        commit(1, "2026-11-23", 1);
        commit(2, "2026-11-24", 2);
        commit(3, "2026-11-25", 3);
        overwrite(new Path(versionDir(2), HadoopModelStore.MANIFEST_FILE), "{}".getBytes());
        overwrite(new Path(versionDir(3), HadoopModelStore.MANIFEST_FILE), "{\"formatVersion\" : 2, \"mod".getBytes());

        assertThatThrownBy(() -> store.load(MODEL, 2)).isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("000002/manifest.json").hasMessageContaining("model is 'null'");
        assertThatThrownBy(() -> store.manifest(MODEL, 3)).isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("000003/manifest.json").hasMessageContaining("does not parse");

        store.rollForward(MODEL);
        assertThat(store.versions(MODEL)).containsExactly(1);
        assertThat(store.quarantined(MODEL)).extracting(QuarantinedVersion::version).containsExactly(2, 3);
        assertThat(store.load(MODEL, 1).manifest().version()).isEqualTo(1);
    }

    @Test
    void secondCommitOfTheSameVersionConflictsAndKeepsTheFirst() {
        PendingVersion pending = store.begin(MODEL);
        StoredModel first = StoreFixtures.model(MODEL, 1, "2026-11-23", 1);
        store.commit(pending, first, Optional.empty());

        assertThatThrownBy(() -> store.commit(pending, StoreFixtures.model(MODEL, 1, "2026-11-24", 2), Optional.empty()))
                .isInstanceOf(CommitConflictException.class)
                .hasMessageContaining("committed by another writer");
        assertThat(store.load(MODEL, 1).network().params()).isEqualTo(first.network().params());
        assertThat(store.manifest(MODEL, 1).summary().date()).isEqualTo("2026-11-23");
    }

    @Test
    void manifestIsPublishedWholeAndNoTemporaryFilesRemain() throws IOException {
        commit(1, "2026-11-23", 1);
        assertThat(names(versionDir(1))).containsExactlyInAnyOrder(HadoopModelStore.MODEL_FILE,
                HadoopModelStore.NORMALIZER_FILE, HadoopModelStore.MANIFEST_FILE);
        try (InputStream in = fs.open(new Path(versionDir(1), HadoopModelStore.MANIFEST_FILE))) {
            VersionManifest manifest = HadoopModelStore.json().readValue(in, VersionManifest.class);
            assertThat(manifest.version()).isEqualTo(1);
        }
    }

    @Test
    void newerStoreFormatIsRefusedWithUpgradeAdviceAndNeverQuarantined() {
        store.commit(store.begin(MODEL), StoreFixtures.model(MODEL, 1, "2026-11-23", 1,
                VersionManifest.CURRENT_FORMAT + 1, "h"), Optional.empty());

        assertThat(store.versions(MODEL)).containsExactly(1);
        assertThatThrownBy(() -> store.load(MODEL, 1))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("store format " + (VersionManifest.CURRENT_FORMAT + 1))
                .hasMessageContaining("upgrade the job");
        assertThatThrownBy(() -> store.rollForward(MODEL)).hasMessageContaining("upgrade the job");
        assertThat(store.quarantined(MODEL)).isEmpty();
    }

    @Test
    void truncatedModelFileFailsItsLoadNamingTheFileAndListingStillWorks() throws IOException {
        commit(1, "2026-11-23", 1);
        commit(2, "2026-11-24", 2);
        Path modelFile = new Path(versionDir(1), HadoopModelStore.MODEL_FILE);
        byte[] bytes = read(modelFile);
        overwrite(modelFile, Arrays.copyOf(bytes, bytes.length / 3));

        assertThat(store.versions(MODEL)).containsExactly(1, 2);
        assertThat(store.manifest(MODEL, 1).version()).isEqualTo(1);
        assertThatThrownBy(() -> store.load(MODEL, 1))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("000001/" + HadoopModelStore.MODEL_FILE)
                .hasMessageContaining("is damaged");
        assertThat(store.load(MODEL, 2).manifest().version()).isEqualTo(2);
    }

    @Test
    void oneFlippedByteInTheNormalizerFailsTheLoadNamingTheFile() throws IOException {
        commit(1, "2026-11-23", 1);
        Path normalizer = new Path(versionDir(1), HadoopModelStore.NORMALIZER_FILE);
        byte[] bytes = read(normalizer);
        bytes[bytes.length - 3] ^= 0x01;
        overwrite(normalizer, bytes);

        assertThatThrownBy(() -> store.load(MODEL, 1))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("000001/" + HadoopModelStore.NORMALIZER_FILE)
                .hasMessageContaining("SHA-256");
    }

    @Test
    void commitWithAnAliasIntentMovesTheAlias() {
        commit(1, "2026-11-23", 1, Optional.of(PRODUCTION));
        VersionManifest second = commit(2, "2026-11-24", 2, Optional.of(PRODUCTION));

        assertThat(second.promoteTo()).isEqualTo(PRODUCTION);
        assertThat(store.aliases(MODEL)).containsEntry(PRODUCTION, 2);
        assertThat(PromotedVersion.latest(store, MODEL)).contains(2);
        assertThat(store.rollForward(MODEL)).as("nothing left to complete").isEmpty();
    }

    @Test
    void crashBetweenCommitAndAliasMoveIsCompletedByRollForwardAndNeverSkipped() throws IOException {
        commit(1, "2026-11-23", 1, Optional.of(PRODUCTION));
        Path alias = new Path(root + "/" + MODEL + "/" + HadoopModelStore.ALIASES_DIR + "/production.json");
        byte[] beforeSecond = read(alias);
        commit(2, "2026-11-24", 2, Optional.of(PRODUCTION));
        overwrite(alias, beforeSecond);   // as if the process died after the manifest, before the alias write

        assertThatThrownBy(() -> PromotedVersion.latest(store, MODEL))
                .as("the next update must not silently build on version 1")
                .isInstanceOf(StoreException.class).hasMessageContaining("Version 2")
                .hasMessageContaining("models repair");
        assertThat(store.rollForward(MODEL)).containsExactly(new AliasMove(PRODUCTION, 2, 1));
        assertThat(PromotedVersion.latest(store, MODEL)).contains(2);
        assertThat(store.alias(MODEL, PRODUCTION).orElseThrow().history()).last()
                .extracting(AliasPointer.Change::by).isEqualTo(HadoopModelStore.ROLL_FORWARD_BY);
        assertThat(store.rollForward(MODEL)).isEmpty();
    }

    @Test
    void rollForwardNeverUndoesARollback() {
        commit(1, "2026-11-23", 1, Optional.of(PRODUCTION));
        commit(2, "2026-11-24", 2, Optional.of(PRODUCTION));
        store.moveAlias(MODEL, PRODUCTION, 1, "rollback", "operator");

        assertThat(store.rollForward(MODEL)).isEmpty();
        assertThat(PromotedVersion.latest(store, MODEL)).contains(1);
    }

    @Test
    void aliasMovesKeepHistoryAndRollbackReturnsToThePreviousPromotion() throws IOException {
        commit(1, "2026-11-23", 1);
        commit(2, "2026-11-24", 2);
        commit(3, "2026-11-25", 3);

        store.moveAlias(MODEL, PRODUCTION, 1, "promote", "test");
        store.moveAlias(MODEL, PRODUCTION, 2, "promote", "test");
        store.moveAlias(MODEL, PRODUCTION, 3, "promote", "test");
        store.moveAlias(MODEL, "staging", 3, "promote", "test");
        AliasPointer current = store.alias(MODEL, PRODUCTION).orElseThrow();
        assertThat(current.version()).isEqualTo(3);
        assertThat(current.stack()).containsExactly(1, 2, 3);

        int previous = current.stack().get(current.stack().size() - 2);
        AliasPointer rolledBack = store.moveAlias(MODEL, PRODUCTION, previous, "rollback", "test");
        assertThat(rolledBack.version()).isEqualTo(2);
        assertThat(store.alias(MODEL, PRODUCTION).orElseThrow().history())
                .extracting(AliasPointer.Change::action)
                .containsExactly("promote", "promote", "promote", "rollback");
        assertThat(rolledBack.stack()).containsExactly(1, 2);
        assertThat(store.aliases(MODEL)).containsEntry(PRODUCTION, 2).containsEntry("staging", 3).hasSize(2);
        assertThat(names(new Path(root + "/" + MODEL + "/" + HadoopModelStore.ALIASES_DIR)))
                .containsExactlyInAnyOrder("production.json", "staging.json");
    }

    @Test
    void aliasCannotPointAtAnUncommittedVersion() {
        commit(1, "2026-11-23", 1);
        assertThatThrownBy(() -> store.moveAlias(MODEL, PRODUCTION, 5, "promote", "test"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("not committed");
        assertThat(store.alias(MODEL, PRODUCTION)).isEmpty();
    }

    @Test
    void deleteRemovesAVersionButRefusesAnAliasedOne() {
        commit(1, "2026-11-23", 1);
        commit(2, "2026-11-24", 2);
        store.moveAlias(MODEL, PRODUCTION, 2, "promote", "test");

        assertThatThrownBy(() -> store.deleteVersion(MODEL, 2)).hasMessageContaining("'production' alias");
        store.deleteVersion(MODEL, 1);
        assertThat(store.versions(MODEL)).containsExactly(2);
        assertThat(store.load(MODEL, 2).manifest().version()).isEqualTo(2);
        assertThat(store.begin(MODEL).version()).isEqualTo(3);
    }

    @Test
    void leaseAdmitsOneWriterUntilReleased() {
        WriterLease lease = leases.acquire(MODEL, "update 2026-11-23");
        assertThat(leases.current(MODEL)).contains(lease.record());
        assertThat(lease.record().pid()).isEqualTo(ProcessHandle.current().pid());

        assertThatThrownBy(() -> leases.acquire(MODEL, "update 2026-11-24"))
                .isInstanceOf(LeaseHeldException.class)
                .hasMessageContaining(lease.record().owner())
                .hasMessageContaining("update 2026-11-23");

        lease.close();
        assertThat(leases.current(MODEL)).isEmpty();
        try (WriterLease second = leases.acquire(MODEL, "update 2026-11-24")) {
            assertThat(leases.current(MODEL).orElseThrow().purpose()).isEqualTo("update 2026-11-24");
        }
    }

    @Test
    void heartbeatKeepsAShortLeaseAliveWhileItsHolderRuns() throws Exception {
        LeaseManager shortLeases = leases(root, Duration.ofMillis(1500));
        try (WriterLease lease = shortLeases.acquire(MODEL, "long update")) {
            Thread.sleep(3000);
            LeaseRecord now = shortLeases.current(MODEL).orElseThrow();
            assertThat(now.owner()).isEqualTo(lease.record().owner());
            assertThat(Instant.parse(now.renewedAt())).isAfter(Instant.parse(lease.record().startedAt()));
            assertThat(now.expiredAt(Instant.now())).isFalse();
            assertThatThrownBy(() -> shortLeases.acquire(MODEL, "second writer")).isInstanceOf(LeaseHeldException.class);
            lease.ensureHeld();
        }
        assertThat(shortLeases.current(MODEL)).isEmpty();
    }

    @Test
    void expiredLeaseIsTakenOverAndALiveOneOnAnotherHostIsNot() throws Exception {
        StoreFixtures.writeAbandonedLease(fs, root, MODEL, "other-host", 4242, Instant.now().plusSeconds(600));
        assertThatThrownBy(() -> leases.acquire(MODEL, "next run")).isInstanceOf(LeaseHeldException.class)
                .hasMessageContaining("other-host/pid-4242");

        StoreFixtures.writeAbandonedLease(fs, root, MODEL, "other-host", 4242, Instant.now().minusSeconds(1));
        try (WriterLease next = leases.acquire(MODEL, "next run")) {
            assertThat(leases.current(MODEL).orElseThrow().owner()).isEqualTo(next.record().owner());
        }
        assertThat(leases.current(MODEL)).isEmpty();
    }

    @Test
    void leaseOfADeadProcessOnThisHostIsTakenOverAtOnce() throws Exception {
        String host = InetAddress.getLocalHost().getHostName();
        StoreFixtures.writeAbandonedLease(fs, root, MODEL, host, StoreFixtures.deadPid(), Instant.now().plusSeconds(600));
        try (WriterLease next = leases.acquire(MODEL, "rerun after a crash")) {
            assertThat(leases.current(MODEL).orElseThrow().owner()).isEqualTo(next.record().owner());
        }
    }

    @Test
    void unlockRefusesALiveLeaseNamingItsHolderUnlessForced() throws Exception {
        assertThat(leases.unlock(MODEL, false)).isEmpty();
        LeaseRecord live = StoreFixtures.writeAbandonedLease(fs, root, MODEL, "other-host", 4242,
                Instant.now().plusSeconds(600));
        assertThatThrownBy(() -> leases.unlock(MODEL, false)).isInstanceOf(LeaseHeldException.class)
                .hasMessageContaining("other-host/pid-4242").hasMessageContaining("--force");
        assertThat(leases.current(MODEL)).contains(live);
        assertThat(leases.unlock(MODEL, true)).contains(live);
        assertThat(leases.current(MODEL)).isEmpty();

        String host = InetAddress.getLocalHost().getHostName();
        StoreFixtures.writeAbandonedLease(fs, root, MODEL, host, StoreFixtures.deadPid(), Instant.now().plusSeconds(600));
        assertThat(leases.unlock(MODEL, false)).as("a dead holder on this host needs no --force").isPresent();
    }

    @Test
    void modelNamesWithPathCharactersAreRejected() {
        for (String bad : new String[] {"../escape", "a/b", ".."}) {
            assertThatThrownBy(() -> store.versions(bad))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("no '/', no '..'");
        }
    }

    String unique() {
        return "store-" + UUID.randomUUID().toString().substring(0, 8);
    }

    List<String> names(Path dir) throws IOException {
        return Arrays.stream(fs.listStatus(dir)).map(FileStatus::getPath).map(Path::getName)
                .filter(n -> !n.endsWith(".crc")).toList();
    }
}
