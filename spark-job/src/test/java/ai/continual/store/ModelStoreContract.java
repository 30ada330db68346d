package ai.continual.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.continual.provenance.VersionManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The behaviour every {@link ModelStore} back end must show, run unchanged against the local file
 * system, HDFS and S3 by the subclasses. Each test gets a fresh store root.
 */
abstract class ModelStoreContract {

    static final String MODEL = "contract-model";

    /** Hadoop settings that reach the back end. */
    abstract Configuration conf();

    /** A fresh, empty root URI on the back end. */
    abstract String newRoot() throws Exception;

    String root;
    HadoopModelStore store;
    FileSystem fs;

    @BeforeEach
    void openStore() throws Exception {
        root = newRoot();
        store = new HadoopModelStore(root, conf());
        fs = new Path(root).getFileSystem(conf());
    }

    void commit(int version, String date, long seed) {
        PendingVersion pending = store.begin(MODEL);
        assertThat(pending.version()).isEqualTo(version);
        store.commit(pending, StoreFixtures.model(MODEL, version, date, seed));
    }

    Path versionDir(int version) {
        return new Path(root + "/" + MODEL + "/versions/" + String.format("%06d", version));
    }

    @Test
    void emptyStoreHasNoVersionsAliasesOrLease() {
        assertThat(store.versions(MODEL)).isEmpty();
        assertThat(store.latestVersion(MODEL)).isEmpty();
        assertThat(store.aliases(MODEL)).isEmpty();
        assertThat(store.lease(MODEL)).isEmpty();
        assertThat(store.begin(MODEL).version()).isEqualTo(1);
    }

    @Test
    void committedVersionLoadsBackBitForBit() {
        StoredModel written = StoreFixtures.model(MODEL, 1, "2026-11-23", 7);
        store.commit(store.begin(MODEL), written);

        StoredModel read = store.load(MODEL, 1);
        assertThat(read.network().params()).isEqualTo(written.network().params());
        assertThat(read.normalizer().getMean()).isEqualTo(written.normalizer().getMean());
        assertThat(read.manifest().summary().date()).isEqualTo("2026-11-23");
        assertThat(read.manifest().configHash()).isEqualTo("cfg-hash");
        assertThat(read.network().output(Nd4j.rand(2, 4)).shape()).containsExactly(2L, 3L);
    }

    @Test
    void uncommittedFolderIsInvisibleSkippedByBeginAndRemovedByCleanup() throws IOException {
        commit(1, "2026-11-23", 1);
        Path crashed = versionDir(2);
        fs.mkdirs(crashed);
        try (OutputStream out = fs.create(new Path(crashed, HadoopModelStore.MODEL_FILE))) {
            out.write(new byte[] {1, 2, 3});
        }

        assertThat(store.versions(MODEL)).containsExactly(1);
        assertThat(store.latestVersion(MODEL)).contains(1);
        assertThat(store.uncommittedVersions(MODEL)).containsExactly(2);
        assertThat(store.begin(MODEL).version()).as("begin reserves the folder of 3").isEqualTo(3);

        assertThat(store.removeUncommitted(MODEL)).containsExactly(2, 3);
        assertThat(fs.exists(crashed)).isFalse();
        assertThat(store.versions(MODEL)).containsExactly(1);
        assertThat(store.begin(MODEL).version()).isEqualTo(2);
    }

    @Test
    void secondCommitOfTheSameVersionConflictsAndKeepsTheFirst() {
        PendingVersion pending = store.begin(MODEL);
        StoredModel first = StoreFixtures.model(MODEL, 1, "2026-11-23", 1);
        store.commit(pending, first);

        assertThatThrownBy(() -> store.commit(pending, StoreFixtures.model(MODEL, 1, "2026-11-24", 2)))
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
    void newerStoreFormatIsRefusedWithUpgradeAdvice() {
        store.commit(store.begin(MODEL), StoreFixtures.model(MODEL, 1, "2026-11-23", 1,
                VersionManifest.CURRENT_FORMAT + 1, "h"));

        assertThat(store.versions(MODEL)).containsExactly(1);
        assertThatThrownBy(() -> store.load(MODEL, 1))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("store format " + (VersionManifest.CURRENT_FORMAT + 1))
                .hasMessageContaining("upgrade the job");
    }

    @Test
    void truncatedModelFileFailsItsLoadOnlyAndListingStillWorks() throws IOException {
        commit(1, "2026-11-23", 1);
        commit(2, "2026-11-24", 2);
        Path modelFile = new Path(versionDir(1), HadoopModelStore.MODEL_FILE);
        byte[] bytes;
        try (InputStream in = fs.open(modelFile)) {
            bytes = in.readAllBytes();
        }
        fs.delete(modelFile, false);
        try (OutputStream out = fs.create(modelFile, true)) {
            out.write(Arrays.copyOf(bytes, bytes.length / 3));
        }

        assertThat(store.versions(MODEL)).containsExactly(1, 2);
        assertThat(store.manifest(MODEL, 1).version()).isEqualTo(1);
        assertThatThrownBy(() -> store.load(MODEL, 1))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(HadoopModelStore.MODEL_FILE)
                .hasMessageContaining("other versions are unaffected");
        assertThat(store.load(MODEL, 2).manifest().version()).isEqualTo(2);
    }

    @Test
    void aliasMovesKeepHistoryAndRollbackReturnsToThePreviousPromotion() throws IOException {
        commit(1, "2026-11-23", 1);
        commit(2, "2026-11-24", 2);
        commit(3, "2026-11-25", 3);

        store.moveAlias(MODEL, "production", 1, "promote", "test");
        store.moveAlias(MODEL, "production", 2, "promote", "test");
        store.moveAlias(MODEL, "production", 3, "promote", "test");
        store.moveAlias(MODEL, "staging", 3, "promote", "test");
        AliasPointer current = store.alias(MODEL, "production").orElseThrow();
        assertThat(current.version()).isEqualTo(3);
        assertThat(current.stack()).containsExactly(1, 2, 3);

        int previous = current.stack().get(current.stack().size() - 2);
        AliasPointer rolledBack = store.moveAlias(MODEL, "production", previous, "rollback", "test");
        assertThat(rolledBack.version()).isEqualTo(2);
        assertThat(store.alias(MODEL, "production").orElseThrow().history())
                .extracting(AliasPointer.Change::action)
                .containsExactly("promote", "promote", "promote", "rollback");
        assertThat(rolledBack.stack()).containsExactly(1, 2);
        assertThat(store.aliases(MODEL)).containsEntry("production", 2).containsEntry("staging", 3).hasSize(2);
        assertThat(names(new Path(root + "/" + MODEL + "/" + HadoopModelStore.ALIASES_DIR)))
                .containsExactlyInAnyOrder("production.json", "staging.json");
    }

    @Test
    void aliasCannotPointAtAnUncommittedVersion() {
        commit(1, "2026-11-23", 1);
        assertThatThrownBy(() -> store.moveAlias(MODEL, "production", 5, "promote", "test"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("not committed");
        assertThat(store.alias(MODEL, "production")).isEmpty();
    }

    @Test
    void deleteRemovesAVersionButRefusesAnAliasedOne() {
        commit(1, "2026-11-23", 1);
        commit(2, "2026-11-24", 2);
        store.moveAlias(MODEL, "production", 2, "promote", "test");

        assertThatThrownBy(() -> store.deleteVersion(MODEL, 2)).hasMessageContaining("'production' alias");
        store.deleteVersion(MODEL, 1);
        assertThat(store.versions(MODEL)).containsExactly(2);
        assertThat(store.load(MODEL, 2).manifest().version()).isEqualTo(2);
    }

    @Test
    void leaseAdmitsOneWriterUntilReleased() {
        WriterLease lease = store.acquireLease(MODEL, "update 2026-11-23", Duration.ofMinutes(10));
        assertThat(store.lease(MODEL)).contains(lease.record());

        assertThatThrownBy(() -> store.acquireLease(MODEL, "update 2026-11-24", Duration.ofMinutes(10)))
                .isInstanceOf(LeaseHeldException.class)
                .hasMessageContaining(lease.record().owner())
                .hasMessageContaining("update 2026-11-23");

        lease.close();
        assertThat(store.lease(MODEL)).isEmpty();
        try (WriterLease second = store.acquireLease(MODEL, "update 2026-11-24", Duration.ofMinutes(10))) {
            assertThat(store.lease(MODEL).orElseThrow().purpose()).isEqualTo("update 2026-11-24");
        }
    }

    @Test
    void expiredLeaseIsTakenOverAndTheOldHolderDoesNotReleaseTheNewOne() {
        WriterLease crashed = store.acquireLease(MODEL, "crashed run", Duration.ofSeconds(-1));
        WriterLease next = store.acquireLease(MODEL, "next run", Duration.ofMinutes(10));
        assertThat(store.lease(MODEL).orElseThrow().owner()).isEqualTo(next.record().owner());

        crashed.close();
        assertThat(store.lease(MODEL).orElseThrow().owner()).isEqualTo(next.record().owner());
        next.close();
        assertThat(store.lease(MODEL)).isEmpty();
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

    private java.util.List<String> names(Path dir) throws IOException {
        return Arrays.stream(fs.listStatus(dir)).map(FileStatus::getPath).map(Path::getName)
                .filter(n -> !n.endsWith(".crc")).toList();
    }
}
