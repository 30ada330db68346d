package ai.continual.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigLoaderTest {

    static final String MINIMAL = "model-name = m\ndata { root = \"/data\", num-classes = 3 }\n";

    static JobConfig parse(String hocon) {
        return JobConfigLoader.fromConfig(ConfigFactory.parseString(hocon), "test.conf");
    }

    @Test
    void defaultsArePinned() {
        JobConfig c = parse(MINIMAL);
        assertThat(c.modelName()).isEqualTo("m");
        assertThat(c.store()).isEqualTo("model-store");
        assertThat(c.seed()).isEqualTo(42);
        DataConfig d = c.data();
        assertThat(d.root()).isEqualTo("/data");
        assertThat(d.format()).isEqualTo(DataFormat.PARQUET);
        assertThat(d.featureArrayColumn()).contains("features");
        assertThat(d.featureColumns()).isEmpty();
        assertThat(d.labelColumn()).isEqualTo("label");
        assertThat(d.idColumn()).isEmpty();
        assertThat(d.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(d.numClasses()).isEqualTo(3);
        assertThat(d.invalidRows()).isEqualTo(InvalidRowPolicy.FAIL);
        assertThat(d.holdoutFraction()).isEqualTo(0.2);
        assertThat(d.evalRoot()).isEmpty();
        assertThat(d.normalizer()).isEqualTo(NormalizerKind.PER_FEATURE);
        assertThat(c.model().hiddenLayers()).containsExactly(new LayerSpec(128, "relu"));
        assertThat(c.model().frozenLayers()).isZero();
        assertThat(c.training()).isEqualTo(new TrainingConfig(5, 32, 5, "adam", 0.001, 0, Optional.empty()));
        assertThat(c.replay()).isEqualTo(new ReplayConfig(true, ReplaySampling.CLASS_BALANCED, 1.0, 2000));
        assertThat(c.hash()).hasSize(16);
    }

    @Test
    void typoNamesTheKeyTheClosestValidKeyAndAllValidOnes() {
        assertThatThrownBy(() -> parse(MINIMAL + "training.epoch = 3\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown config key 'training.epoch' in test.conf")
                .hasMessageContaining("did you mean 'epochs'")
                .hasMessageContaining("averaging-frequency, batch-size, epochs, export-dir, initial-max-rows, learning-rate, max-new-rows, parameter-averaging, updater, worker-threads, workers");
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
