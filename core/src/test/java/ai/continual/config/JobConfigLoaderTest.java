package ai.continual.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.continual.selection.Objective;
import ai.continual.selection.PastWeight;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigLoaderTest {

    static final String MINIMAL = "model-name = m\ndata { root = \"/data\", num-classes = 3 }\n";

    static JobConfig parse(String hocon) {
        return JobConfigLoader.fromConfig(ConfigFactory.parseString(hocon), "test.conf");
    }

    /**
     * Every key of continual-defaults.conf with its default, read from the file AND through the loader into the
     * typed records: a default that changes, a key added without a value here, or a value the loader does not
     * carry into the record fails this test.
     */
    @Test
    void everyDefaultIsPinned() {
        Map<String, String> expected = new TreeMap<>();
        expected.put("model-name", null);
        expected.put("store", "model-store");
        expected.put("seed", "42");
        expected.put("data.root", null);
        expected.put("data.format", "parquet");
        expected.put("data.features", "features");
        expected.put("data.label-column", "label");
        expected.put("data.id-column", null);
        expected.put("data.task", "classification");
        expected.put("data.num-classes", null);
        expected.put("data.invalid-rows", "fail");
        expected.put("data.holdout-fraction", "0.2");
        expected.put("data.eval-root", null);
        expected.put("data.normalizer", "per-feature");
        expected.put("data.standardize-target", "true");
        expected.put("data.stored-holdout-rows", "500");
        expected.put("model.type", "mlp");
        expected.put("model.input-shape", "[]");
        expected.put("model.hidden-layers", "[{\"activation\":\"relu\",\"size\":128}]");
        expected.put("model.frozen-layers", "0");
        expected.put("model.grow-outputs", "false");
        expected.put("training.epochs", "5");
        expected.put("training.batch-size", "auto");
        expected.put("training.averaging-frequency", "auto");
        expected.put("training.updater", "adam");
        expected.put("training.learning-rate", "0.001");
        expected.put("training.workers", "0");
        expected.put("training.parameter-averaging", "in-memory");
        expected.put("training.minibatch-cache", "auto");
        expected.put("training.export-dir", null);
        expected.put("training.worker-threads", "0");
        expected.put("training.max-new-rows", "0");
        expected.put("training.initial-max-rows", "0");
        expected.put("training.update-epochs", "0");
        expected.put("training.max-update-examples", "0");
        expected.put("replay.sampling", "class-balanced");
        expected.put("replay.ratio", "auto");
        expected.put("replay.max-rows", "5000");
        expected.put("replay.source", "reservoir");
        expected.put("replay.reservoir-size", "5000");
        expected.put("strategy", "[\"auto\"]");
        expected.put("auto.ewc-lambdas", "[1,10]");
        expected.put("auto.fusion-alphas", "[0.5,0.75]");
        expected.put("auto.prior-corrections", "[0.5,1]");
        expected.put("auto.max-extra-cost", "0.5");
        expected.put("auto.selection-fraction", "0.1");
        expected.put("auto.stale-margin", "0.1");
        expected.put("objective.past-weight", "equal");
        expected.put("objective.half-life-dates", "2");
        expected.put("ewc.lambda", "10");
        expected.put("ewc.gamma", "0.9");
        expected.put("ewc.fisher-samples", "1000");
        expected.put("lwf.alpha", "0.5");
        expected.put("lwf.temperature", "2");
        expected.put("fusion.alpha", "0.5");
        expected.put("fusion.alpha-grid", "[]");
        expected.put("fusion.ema-decay", "0");
        expected.put("gate.min-new-score", null);
        expected.put("gate.max-forgetting", null);
        expected.put("gate.max-drop", null);
        assertThat(DefaultsFile.leaves(JobConfigLoader.defaults())).isEqualTo(expected);

        JobConfig c = parse(MINIMAL);
        assertThat(c.modelName()).isEqualTo("m");
        assertThat(c.store()).isEqualTo("model-store");
        assertThat(c.seed()).isEqualTo(42);
        assertThat(c.data()).isEqualTo(new DataConfig("/data", DataFormat.PARQUET, Optional.of("features"), List.of(),
                "label", Optional.empty(), Task.CLASSIFICATION, 3, InvalidRowPolicy.FAIL, 0.2, Optional.empty(),
                NormalizerKind.PER_FEATURE, true, 500));
        assertThat(c.model()).isEqualTo(new ModelConfig(ModelType.MLP, List.of(), List.of(new LayerSpec(128, "relu")),
                0, Optional.empty()));
        assertThat(c.training()).isEqualTo(new TrainingConfig(5, TrainingConfig.AUTO, TrainingConfig.AUTO, "adam", 0.001, 0,
                Optional.empty(), 0, 0, AveragingEngine.IN_MEMORY, MinibatchCache.AUTO, 0, 0, 0));
        assertThat(c.replay()).isEqualTo(new ReplayConfig(true, ReplaySampling.CLASS_BALANCED, 0, true, 5000,
                ReplaySource.RESERVOIR, 5000));
        assertThat(c.strategy()).isEqualTo(new StrategyConfig(EnumSet.of(StrategyMethod.AUTO),
                new EwcConfig(10, 0.9, 1000), new LwfConfig(0.5, 2.0), new FusionConfig(0.5, List.of(), 0), false,
                new AutoConfig(0.1, List.of(0.5, 0.75), List.of(1.0, 10.0), List.of(0.5, 1.0), 0.5, 0.1)));
        assertThat(c.objective()).isEqualTo(new Objective(PastWeight.EQUAL, 2));
        assertThat(c.gate()).isEqualTo(new GateConfig(Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(c.hash()).hasSize(16);
    }

    @Test
    void typoNamesTheKeyTheClosestValidKeyAndAllValidOnes() {
        assertThatThrownBy(() -> parse(MINIMAL + "training.epoch = 3\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown config key 'training.epoch' in test.conf")
                .hasMessageContaining("did you mean 'epochs'")
                .hasMessageContaining("averaging-frequency, batch-size, epochs, export-dir, initial-max-rows, learning-rate, max-new-rows, max-update-examples, minibatch-cache, parameter-averaging, update-epochs, updater, worker-threads, workers");
        assertThatThrownBy(() -> parse(MINIMAL + "modle-name = x\n"))
                .hasMessageContaining("'modle-name'").hasMessageContaining("did you mean 'model-name'");
    }

    @Test
    void badValuesNameTheKeyAndTheFix() {
        assertThatThrownBy(() -> parse(MINIMAL + "training.epochs = 0\n"))
                .hasMessageContaining("'training.epochs'").hasMessageContaining("1..10000, found 0");
        assertThatThrownBy(() -> parse(MINIMAL + "training.epochs = many\n"))
                .hasMessageContaining("'training.epochs'").hasMessageContaining("whole number");
        assertThatThrownBy(() -> parse(MINIMAL + "data.task = ranking\n"))
                .hasMessageContaining("'data.task'").hasMessageContaining("classification, regression");
        assertThatThrownBy(() -> parse(MINIMAL + "training.updater = adagrad\n"))
                .hasMessageContaining("'training.updater'").hasMessageContaining("adam");
        assertThatThrownBy(() -> parse(MINIMAL + "model.hidden-layers = [{size = 4, activation = relux}]\n"))
                .hasMessageContaining("model.hidden-layers[0].activation");
        assertThatThrownBy(() -> parse(MINIMAL + "model.frozen-layers = 2\n"))
                .hasMessageContaining("'model.frozen-layers'").hasMessageContaining("0..1");
        assertThatThrownBy(() -> parse("model-name = m\ndata.root = x\n"))
                .hasMessageContaining("'data.num-classes'").hasMessageContaining("required for classification");
        assertThatThrownBy(() -> parse("data { root = x, num-classes = 2 }\n"))
                .hasMessageContaining("'model-name'").hasMessageContaining("required");
        assertThatThrownBy(() -> parse(MINIMAL + "data.format = csv\n"))
                .hasMessageContaining("'data.features'").hasMessageContaining("CSV");
    }

    @Test
    void modelNamesWithPathCharactersAreRefused() {
        for (String name : List.of("../evil", "a/b", "..", "a\\\\b")) {
            assertThatThrownBy(() -> parse("model-name = \"" + name + "\"\ndata { root = x, num-classes = 2 }\n"))
                    .as(name).isInstanceOf(ConfigException.class).hasMessageContaining("'model-name'");
        }
    }

    @Test
    void regressionNeedsNoClassCountAndTakesAColumnList() {
        JobConfig c = parse("model-name = r\ndata { root = x, task = regression, features = [a, b], label-column = y }\n");
        assertThat(c.data().featureColumns()).containsExactly("a", "b");
        assertThat(c.data().featureArrayColumn()).isEmpty();
        assertThat(c.data().requiredColumns()).containsExactly("a", "b", "y");
    }

    @Test
    void fileWithOverridesLoadsAndTheHashFollowsTheEffectiveValues(@TempDir Path tmp) throws Exception {
        File file = tmp.resolve("job.conf").toFile();
        Files.writeString(file.toPath(), MINIMAL);
        JobConfig plain = JobConfigLoader.load(file, List.of());
        JobConfig overridden = JobConfigLoader.load(file,
                List.of("training.epochs=7", "store=hdfs://nn:8020/models", "data.holdout-fraction=0.5"));
        assertThat(overridden.training().epochs()).isEqualTo(7);
        assertThat(overridden.store()).isEqualTo("hdfs://nn:8020/models");
        assertThat(overridden.data().holdoutFraction()).isEqualTo(0.5);
        assertThat(overridden.hash()).isNotEqualTo(plain.hash());
        assertThat(JobConfigLoader.load(file, List.of()).hash()).isEqualTo(plain.hash());
        assertThatThrownBy(() -> JobConfigLoader.load(file, List.of("training.epochs")))
                .hasMessageContaining("not key=value");
        assertThatThrownBy(() -> JobConfigLoader.load(tmp.resolve("missing.conf").toFile(), List.of()))
                .hasMessageContaining("missing.conf").hasMessageContaining("does not exist");
    }

    @Test
    void everyShippedConfLoads() {
        File confDir = new File("../conf");
        File[] files = confDir.listFiles((dir, name) -> name.endsWith(".conf"));
        assertThat(files).isNotEmpty();
        for (File file : files) {
            assertThat(JobConfigLoader.load(file, List.of()).modelName()).as(file.getName()).isNotBlank();
        }
    }
}
