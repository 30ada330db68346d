package ai.continual.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.continual.config.ModelConfig;
import ai.continual.config.LayerSpec;
import ai.continual.config.NormalizerKind;
import ai.continual.config.Task;
import ai.continual.config.TrainingConfig;
import ai.continual.model.NetworkFactory;
import ai.continual.normalize.FeatureStatistics;
import ai.continual.provenance.RowCounts;
import ai.continual.provenance.RunSummary;
import ai.continual.provenance.VersionKind;
import ai.continual.provenance.VersionManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

class HadoopModelStoreTest {

    @TempDir
    Path tmp;

    static MultiLayerNetwork network() {
        return NetworkFactory.build(new ModelConfig(List.of(new LayerSpec(4, "relu")), 0),
                new TrainingConfig(1, 8, 1, "adam", 0.01, 0, Optional.empty()), Task.CLASSIFICATION, 3, 2, 1);
    }

    static NormalizerStandardize normalizer() {
        return new FeatureStatistics().add(new double[] {1, 2, 3}).add(new double[] {3, 2, 1})
                .toNormalizer(NormalizerKind.PER_FEATURE);
    }

    static VersionManifest manifest(String model, int version, Integer parent) {
        RunSummary summary = new RunSummary(model, version, parent, "2026-11-27", VersionKind.UPDATE, List.of("2026-11-27"),
                new RowCounts(10, 5, Map.of(0, 5L), 0, 2), Map.of(), Map.of("train", 1L));
        return VersionManifest.builder().model(model).version(version).parentVersion(parent).kind(VersionKind.UPDATE)
                .createdAt("2026-11-27T00:00:00Z").seed(1).strategy("replay").configHash("abc")
                .config(Map.of("seed", 1)).summary(summary).build();
    }

    @Test
    void commitThenLoadRoundTripsParamsNormalizerAndManifest() {
        HadoopModelStore store = new HadoopModelStore(tmp.toUri().toString(), new Configuration());
        assertThat(store.versions("m")).isEmpty();
        PendingVersion pending = store.begin("m");
        assertThat(pending.version()).isEqualTo(1);
        MultiLayerNetwork net = network();
        store.commit(pending, new StoredModel(net, normalizer(), manifest("m", 1, null)), Optional.empty());

        StoredModel loaded = store.load("m", 1);
        assertThat(loaded.network().params()).isEqualTo(net.params());
        assertThat(loaded.normalizer().getMean()).isEqualTo(normalizer().getMean());
        assertThat(loaded.manifest()).isEqualTo(manifest("m", 1, null).toBuilder()
                .checksums(loaded.manifest().checksums()).build());
        assertThat(loaded.manifest().checksums()).containsOnlyKeys("model.zip", "normalizer.bin");
        assertThat(store.latestVersion("m")).contains(1);
        assertThat(Files.exists(tmp.resolve("m/versions/000001/model.zip"))).isTrue();
    }

    @Test
    void versionsWithoutManifestAreInvisibleAndTheirNumbersAreNotReused() throws Exception {
        HadoopModelStore store = new HadoopModelStore(tmp.toUri().toString(), new Configuration());
        store.commit(store.begin("m"), new StoredModel(network(), normalizer(), manifest("m", 1, null)), Optional.empty());
        // A crashed writer left version 2 without its manifest.
        Files.createDirectories(tmp.resolve("m/versions/000002"));
        Files.write(tmp.resolve("m/versions/000002/model.zip"), new byte[] {1, 2, 3});

        assertThat(store.versions("m")).containsExactly(1);
        assertThat(store.latestVersion("m")).contains(1);
        assertThatThrownBy(() -> store.manifest("m", 2)).isInstanceOf(StoreException.class)
                .hasMessageContaining("not committed");
        store.rollForward("m");
        assertThat(store.quarantined("m")).extracting(QuarantinedVersion::version).containsExactly(2);
        assertThat(store.begin("m").version()).isEqualTo(3);
    }

    @Test
    void secondCommitOfTheSameVersionIsAConflictAndLeavesTheFirstIntact() {
        HadoopModelStore store = new HadoopModelStore(tmp.toUri().toString(), new Configuration());
        PendingVersion pending = store.begin("m");
        MultiLayerNetwork first = network();
        store.commit(pending, new StoredModel(first, normalizer(), manifest("m", 1, null)), Optional.empty());
        assertThatThrownBy(() -> store.commit(pending, new StoredModel(network(), normalizer(), manifest("m", 1, 7)), Optional.empty()))
                .isInstanceOf(CommitConflictException.class);
        assertThat(store.manifest("m", 1).parentVersion()).isNull();
        assertThat(store.load("m", 1).network().params()).isEqualTo(first.params());
    }

    @Test
    void everySpellingOfOneFolderIsOneStore() {
        String path = tmp.toAbsolutePath().toString();
        List<String> locations = List.of(path, path + "/", "file:" + path, "file://" + path, "file://" + path + "/")
                .stream().map(uri -> new HadoopModelStore(uri, new Configuration()).location()).distinct().toList();
        assertThat(locations).containsExactly("file:" + path);
    }

    @Test
    void manifestOfANewerFormatIsRefusedWithAClearMessage() throws Exception {
        HadoopModelStore store = new HadoopModelStore(tmp.toUri().toString(), new Configuration());
        store.commit(store.begin("m"), new StoredModel(network(), normalizer(), manifest("m", 1, null)), Optional.empty());
        Path manifest = tmp.resolve("m/versions/000001/manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"formatVersion\" : 2", "\"formatVersion\" : 99"));
        Files.deleteIfExists(manifest.resolveSibling(".manifest.json.crc"));
        assertThatThrownBy(() -> store.load("m", 1)).isInstanceOf(StoreException.class)
                .hasMessageContaining("format 99").hasMessageContaining("upgrade");
    }
}
