package ai.continual.store;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.job.CliRun;
import ai.continual.job.cli.ExitCodes;
import ai.continual.provenance.StoredArtifact;
import ai.continual.provenance.VersionKind;
import ai.continual.provenance.VersionManifest;
import ai.continual.provenance.VersionStatus;
import java.nio.file.Path;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written by the release before store format 2 (test resource {@code golden-store-format1}: two versions
 * of {@code drift-regression} from data-samples, made by {@code update --config conf/regression.conf} for
 * 2026-11-23 and 2026-11-24 with a 4-unit hidden layer, one epoch and a 40-row reservoir) must still load, verify
 * and be updated by this code: a format change that breaks existing users' stores fails here.
 */
class GoldenStoreTest {

    static final String MODEL = "drift-regression";

    @TempDir
    Path tmp;
    Path root;
    HadoopModelStore store;

    @BeforeEach
    void copyTheGoldenStore() throws Exception {
        root = tmp.resolve("store");
        FileUtils.copyDirectory(Path.of(GoldenStoreTest.class.getResource("/golden-store-format1").toURI()).toFile(),
                root.toFile());
        store = new HadoopModelStore(root.toUri().toString(), new Configuration());
    }

    @Test
    void formatOneManifestsWithoutChecksumsLoadAndNeedNoRepair() {
        assertThat(store.versions(MODEL)).containsExactly(1, 2);
        assertThat(store.rollForward(MODEL)).isEmpty();
        assertThat(store.quarantined(MODEL)).isEmpty();
        assertThat(PromotedVersion.latest(store, MODEL)).contains(2);

        StoredModel second = store.load(MODEL, 2);
        VersionManifest manifest = second.manifest();
        assertThat(manifest.formatVersion()).isEqualTo(1);
        assertThat(manifest.checksums()).isEmpty();
        assertThat(manifest.kind()).isEqualTo(VersionKind.UPDATE);
        assertThat(manifest.status()).isEqualTo(VersionStatus.COMMITTED);
        assertThat(manifest.parentVersion()).isEqualTo(1);
        assertThat(manifest.promoteTo()).isNull();
        assertThat(manifest.artifacts()).extracting(StoredArtifact::name).containsExactly("reservoir", "holdout-sample");
        assertThat(manifest.artifacts()).allSatisfy(a -> assertThat(a.sha256()).isNull());
        assertThat(second.network().numParams()).isEqualTo(10 * 4 + 4 + 4 + 1);
        assertThat(store.load(MODEL, 1).manifest().kind()).isEqualTo(VersionKind.INITIAL);
        assertThat(store.alias(MODEL, "production").orElseThrow().stack()).containsExactly(1, 2);
    }

    @Test
    void theNextUpdateBuildsOnTheGoldenProductionVersionAndWritesFormatTwo() {
        CliRun update = CliRun.of("update", "--config", "../conf/regression.conf", "--date", "2026-11-25",
                "--set", "store=\"" + root.toUri() + "\"",
                "--set", "data.root=\"" + Path.of("../data-samples/drift-regression").toAbsolutePath().normalize() + "\"",
                "--set", "model.hidden-layers=[{size=4,activation=tanh}]", "--set", "training.epochs=1",
                "--set", "replay.max-rows=40");
        assertThat(update.exitCode()).as(update.stderr()).isEqualTo(ExitCodes.OK);
        VersionManifest third = store.load(MODEL, 3).manifest();
        assertThat(third.parentVersion()).isEqualTo(2);
        assertThat(third.formatVersion()).isEqualTo(VersionManifest.CURRENT_FORMAT);
        assertThat(third.checksums()).containsKeys(HadoopModelStore.MODEL_FILE, HadoopModelStore.NORMALIZER_FILE);
        assertThat(third.artifacts()).allSatisfy(a -> assertThat(a.sha256()).matches("[0-9a-f]{64}"));
        assertThat(PromotedVersion.latest(store, MODEL)).contains(3);
    }
}
