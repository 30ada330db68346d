package ai.continual.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StrategyConfigTest {

    private static JobConfig load(String extra) {
        return JobConfigLoader.fromConfig(ConfigFactory.parseString(
                "model-name = m\ndata { root = /tmp/d, num-classes = 3 }\n" + extra), "test");
    }

    @Test
    void defaultsArePinned() {
        JobConfig c = load("");
        assertThat(c.strategy().methods()).containsExactly(StrategyMethod.REPLAY);
        assertThat(c.replay().enabled()).isTrue();
        assertThat(c.strategy().ewc()).isEqualTo(new EwcConfig(10, 0.9, 1000));
        assertThat(c.strategy().lwf()).isEqualTo(new LwfConfig(0.5, 2.0));
        assertThat(c.strategy().fusion()).isEqualTo(new FusionConfig(0.5, List.of(), 0));
        assertThat(c.gate()).isEqualTo(new GateConfig(Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(c.gate().enabled()).isFalse();
        assertThat(c.strategy().growOutputs()).isFalse();
    }

    @Test
    void strategyTakesAListOrAPlusJoinedString() {
        assertThat(load("strategy = [replay, ewc, fusion]").strategy().label()).isEqualTo("replay+ewc+fusion");
        JobConfig c = load("strategy = \"lwf+fusion\"");
        assertThat(c.strategy().label()).isEqualTo("lwf+fusion");
        assertThat(c.replay().enabled()).isFalse();
        assertThat(c.replay().targetRows(100)).isZero();
    }

    @Test
    void badStrategiesNameTheKeyAndTheFix() {
        assertThatThrownBy(() -> load("strategy = [replay, ewk]"))
                .hasMessageContaining("'strategy'").hasMessageContaining("ewk").hasMessageContaining("valid: finetune");
        assertThatThrownBy(() -> load("strategy = [finetune, ewc]"))
                .hasMessageContaining("finetune means no other method");
        assertThatThrownBy(() -> load("fusion { alpha-grid = [0.5, 1.5] }"))
                .hasMessageContaining("fusion.alpha-grid").hasMessageContaining("1.5");
        assertThatThrownBy(() -> load("fusion { alpha-grid = [0.5], ema-decay = 0.5 }"))
                .hasMessageContaining("choose one");
        assertThatThrownBy(() -> load("gate { max-forgetting = -1 }")).hasMessageContaining("gate.max-forgetting");
        assertThatThrownBy(() -> load("replay { enabled = false }")).hasMessageContaining("Unknown config key 'replay.enabled'");
    }

    @Test
    void gateLimitsAreRead() {
        GateConfig gate = load("gate { min-new-score = 0.7, max-forgetting = 0.1 }").gate();
        assertThat(gate.minNewScore()).contains(0.7);
        assertThat(gate.maxForgetting()).contains(0.1);
        assertThat(gate.maxDrop()).isEmpty();
        assertThat(gate.enabled()).isTrue();
    }
}
