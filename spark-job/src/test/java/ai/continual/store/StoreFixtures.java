package ai.continual.store;

import ai.continual.config.LayerSpec;
import ai.continual.config.ModelConfig;
import ai.continual.config.NormalizerKind;
import ai.continual.config.Task;
import ai.continual.config.TrainingConfig;
import ai.continual.metrics.EvaluationResult;
import ai.continual.model.NetworkFactory;
import ai.continual.normalize.FeatureStatistics;
import ai.continual.provenance.RowCounts;
import ai.continual.provenance.RunSummary;
import ai.continual.provenance.VersionKind;
import ai.continual.provenance.VersionManifest;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Tiny real models and manifests for store tests (no Spark). */
public final class StoreFixtures {

    private StoreFixtures() {}

    /** A 4-input, 3-class MLP initialised with {@code seed}, a fitted normalizer and a manifest. */
    public static StoredModel model(String name, int version, String date, long seed) {
        return model(name, version, date, seed, VersionManifest.CURRENT_FORMAT, "cfg-hash");
    }

    public static StoredModel model(String name, int version, String date, long seed, int format, String configHash) {
        TrainingConfig training = new TrainingConfig(1, 8, 1, "adam", 0.01, 1, Optional.empty());
        MultiLayerNetwork network = NetworkFactory.build(new ModelConfig(List.of(new LayerSpec(5, "relu")), 0),
                training, Task.CLASSIFICATION, 4, 3, seed);
        FeatureStatistics stats = new FeatureStatistics();
        stats.add(new double[] {1, 2, 3, 4}).add(new double[] {2, 3, 4, 6}).add(new double[] {0, 1, 1, 1});
        RunSummary summary = new RunSummary(name, version, version > 1 ? version - 1 : null, date,
                version > 1 ? VersionKind.UPDATE : VersionKind.INITIAL, List.of(date), new RowCounts(10, 0, Map.of(), 0, 2),
                Map.<String, EvaluationResult>of(), Map.of("train", 1L));
        VersionManifest manifest = VersionManifest.builder().formatVersion(format).model(name).version(version)
                .parentVersion(version > 1 ? version - 1 : null).kind(summary.kind()).createdAt(Instant.now().toString())
                .seed(seed).strategy("finetune").configHash(configHash).config(Map.of("model-name", name))
                .summary(summary).software(Map.of("java", "17")).build();
        return new StoredModel(network, stats.toNormalizer(NormalizerKind.PER_FEATURE), manifest);
    }

    /**
     * Writes the lease file a crashed writer leaves behind: held by {@code host}/{@code pid} until {@code expiresAt}
     * and never renewed again.
     */
    public static LeaseRecord writeAbandonedLease(FileSystem fs, String root, String model, String host, long pid,
                                                  Instant expiresAt) throws IOException {
        Instant started = expiresAt.minusSeconds(120);
        LeaseRecord record = new LeaseRecord(host + "/pid-" + pid + "/dead", host, pid, "a run that died",
                started.toString(), started.toString(), expiresAt.toString());
        try (OutputStream out = fs.create(new Path(root + "/" + model + "/" + HadoopLeaseManager.LEASE_FILE), true)) {
            out.write(HadoopModelStore.json().writeValueAsBytes(record));
        }
        return record;
    }

    /** A process id that is not running on this host. */
    public static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }
}
