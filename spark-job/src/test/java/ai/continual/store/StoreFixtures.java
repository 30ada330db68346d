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
import ai.continual.provenance.VersionManifest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
                version > 1 ? "update" : "initial", List.of(date), new RowCounts(10, 0, Map.of(), 0, 2),
                Map.<String, EvaluationResult>of(), Map.of("train", 1L));
        VersionManifest manifest = new VersionManifest(format, name, version, version > 1 ? version - 1 : null,
                summary.kind(), Instant.now().toString(), seed, "finetune", configHash, Map.of("model-name", name),
                List.of(), summary, Map.of("java", "17"), null);
        return new StoredModel(network, stats.toNormalizer(NormalizerKind.PER_FEATURE), manifest);
    }
}
