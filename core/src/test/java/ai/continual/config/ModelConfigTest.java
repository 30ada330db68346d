package ai.continual.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The model section: pinned defaults, the three architectures, and errors that name the key and the fix. */
class ModelConfigTest {

    private static final String BASE = "model-name = m\ndata { root = \"/tmp/d\", num-classes = 3 }\n";

    static JobConfig load(String hocon) {
        return JobConfigLoader.fromConfig(ConfigFactory.parseString(BASE + hocon), "test.conf");
    }

    @Test
    void defaultsAreAnMlpWithOneHiddenLayerAndNothingFrozen() {
        assertThat(JobConfigLoader.defaults().getString("model.type")).isEqualTo("mlp");
        assertThat(JobConfigLoader.defaults().getIntList("model.input-shape")).isEmpty();
        ModelConfig model = load("").model();
        assertThat(model.type()).isEqualTo(ModelType.MLP);
        assertThat(model.inputShape()).isEmpty();
        assertThat(model.hiddenLayers()).containsExactly(new LayerSpec(128, "relu"));
        assertThat(model.frozenLayers()).isZero();
        assertThat(model.frozenThrough()).isEmpty();
    }

    @Test
    void cnnReadsLayerKindsWithTheirDefaults() {
        ModelConfig model = load("""
                model {
                  type = cnn
                  input-shape = [28, 28, 1]
                  hidden-layers = [
                    { type = convolution, filters = 8, kernel = [5, 5] }
                    { type = batch-norm }
                    { type = subsampling, pooling = avg }
                    { size = 32 }
                  ]
                  frozen-layers = subsampling2
                }
                """).model();
        assertThat(model.type()).isEqualTo(ModelType.CNN);
        assertThat(model.inputShape()).containsExactly(28, 28, 1);
        assertThat(model.hiddenLayers()).containsExactly(
                new LayerSpec(LayerKind.CONVOLUTION, 8, "relu", List.of(5, 5), List.of(1, 1), ""),
                new LayerSpec(LayerKind.BATCH_NORM, 0, "", List.of(), List.of(), ""),
                new LayerSpec(LayerKind.SUBSAMPLING, 0, "", List.of(2, 2), List.of(2, 2), "avg"),
                new LayerSpec(32, "relu"));
        assertThat(model.frozenThrough()).isEqualTo(Optional.of("subsampling2"));
    }

    @Test
    void lstmDefaultsToTanhAndNeedsOneSequenceColumn() {
        ModelConfig model = load("data.features = seq\nmodel { type = lstm, hidden-layers = [{type = lstm, size = 4},"
                + " {size = 3}], frozen-layers = 1 }").model();
        assertThat(model.hiddenLayers().get(0)).isEqualTo(
                new LayerSpec(LayerKind.LSTM, 4, "tanh", List.of(), List.of(), ""));
        assertThat(model.frozenLayers()).isEqualTo(1);
        assertThatThrownBy(() -> load("data.features = [a, b]\nmodel { type = lstm, hidden-layers ="
                + " [{type = lstm, size = 4}] }"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'data.features'")
                .hasMessageContaining("sequence column");
    }

    @Test
    void misplacedOrMisconfiguredLayersFailNamingTheKey() {
        assertThatThrownBy(() -> load("model.hidden-layers = [{type = convolution, filters = 4, kernel = [3, 3]}]"))
                .hasMessageContaining("model.hidden-layers[0].type").hasMessageContaining("mlp");
        assertThatThrownBy(() -> load("model { type = cnn, hidden-layers = [{type = convolution, filters = 4,"
                + " kernel = [3, 3]}] }"))
                .hasMessageContaining("model.input-shape").hasMessageContaining("[height, width, channels]");
        assertThatThrownBy(() -> load("model { type = cnn, input-shape = [4, 4, 1], hidden-layers = [{size = 4}] }"))
                .hasMessageContaining("no convolution layer");
        assertThatThrownBy(() -> load("model { type = cnn, input-shape = [4, 4, 1], hidden-layers = [{type ="
                + " convolution, filters = 4, kernel = [3, 3]}, {size = 4}, {type = subsampling}] }"))
                .hasMessageContaining("model.hidden-layers[2].type").hasMessageContaining("after a dense layer");
        assertThatThrownBy(() -> load("model { type = cnn, input-shape = [4, 4, 1], hidden-layers = [{type ="
                + " convolution, filters = 4}] }"))
                .hasMessageContaining("model.hidden-layers[0].kernel").hasMessageContaining("required");
        assertThatThrownBy(() -> load("model.hidden-layers = [{size = 4, kernel = [3, 3]}]"))
                .hasMessageContaining("model.hidden-layers[0].kernel").hasMessageContaining("not a setting");
        assertThatThrownBy(() -> load("model.hidden-layers = [{type = pooling}]"))
                .hasMessageContaining("'pooling'").hasMessageContaining("subsampling");
        assertThatThrownBy(() -> load("model.input-shape = [2, 2, 1]"))
                .hasMessageContaining("only used by model.type = cnn");
        assertThatThrownBy(() -> load("model.frozen-layers = 5"))
                .hasMessageContaining("model.frozen-layers").hasMessageContaining("0..1");
        assertThatThrownBy(() -> load("model.type = rnn"))
                .hasMessageContaining("model.type").hasMessageContaining("mlp, cnn, lstm");
    }
}
