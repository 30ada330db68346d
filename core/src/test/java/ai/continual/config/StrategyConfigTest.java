package ai.continual.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.continual.selection.Objective;
import ai.continual.selection.PastWeight;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrategyConfigTest {

    private static JobConfig load(String extra) {
        return JobConfigLoader.fromConfig(ConfigFactory.parseString(
                "model-name = m\ndata { root = /tmp/d, num-classes = 3 }\n" + extra), "test");
    }

    @Test
    void strategyTakesAListOrAPlusJoinedString() {
        assertThat(load("strategy = [replay, ewc, fusion]").strategy().label()).isEqualTo("replay+ewc+fusion");
        JobConfig c = load("strategy = \"lwf+fusion\"");
        assertThat(c.strategy().label()).isEqualTo("lwf+fusion");
        assertThat(c.replay().enabled()).isFalse();
        assertThat(c.replay().targetRows(100, 1.0)).isZero();
    }

    @Test
    void badStrategiesNameTheKeyAndTheFix() {
        assertThatThrownBy(() -> load("strategy = [replay, ewk]"))
                .hasMessageContaining("'strategy'").hasMessageContaining("ewk").hasMessageContaining("valid: auto, finetune");
        assertThatThrownBy(() -> load("strategy = [auto, ewc]"))
                .hasMessageContaining("'strategy'").hasMessageContaining("write strategy = [auto] alone");
        assertThatThrownBy(() -> load("objective.past-weight = recent"))
                .hasMessageContaining("'objective.past-weight'").hasMessageContaining("equal, half-life, newest-only");
        assertThatThrownBy(() -> load("objective.half-life-dates = 0"))
                .hasMessageContaining("'objective.half-life-dates'");
        assertThatThrownBy(() -> load("auto.fusion-alphas = [0.5, 2]"))
                .hasMessageContaining("'auto.fusion-alphas'").hasMessageContaining("holds 2.0");
        assertThatThrownBy(() -> load("auto.selection-fraction = 0.9"))
                .hasMessageContaining("'auto.selection-fraction'");
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
    void objectiveAndAutoSettingsAreRead() {
        JobConfig c = load("objective { past-weight = half-life, half-life-dates = 3 }\n"
                + "auto { fusion-alphas = [0.9], ewc-lambdas = [], max-extra-cost = 1 }\ntraining.initial-max-rows = 500");
        assertThat(c.objective()).isEqualTo(new Objective(PastWeight.HALF_LIFE, 3));
        assertThat(c.strategy().auto().fusionAlphas()).containsExactly(0.9);
        assertThat(c.strategy().auto().ewcLambdas()).isEmpty();
        assertThat(c.strategy().auto().maxExtraCost()).isEqualTo(1.0);
        assertThat(c.training().initialMaxRows()).isEqualTo(500);
        assertThat(load("strategy = [replay]").replay().enabled()).isTrue();
        assertThat(load("strategy = [finetune]").replay().enabled()).isFalse();
    }

    @Test
    void gateLimitsAreRead() {
        GateConfig gate = load("gate { min-new-score = 0.7, max-forgetting = 0.1 }").gate();
        assertThat(gate.minNewScore()).contains(0.7);
        assertThat(gate.maxForgetting()).contains(0.1);
        assertThat(gate.maxDrop()).isEmpty();
        assertThat(gate.enabled()).isTrue();
    }

    @Test
    void autoKeepsAFisherOnlyWhenItsBudgetAffordsAnEwcCandidate() {
        AutoConfig shipped = load("").strategy().auto();
        assertThat(shipped.affordsEwc(1.0)).isFalse();    // 2 + 1 passes of the new rows > 1.5 x 2
        assertThat(shipped.affordsEwc(3.0)).isTrue();     // 4 + 1 + 1 <= 1.5 x 4
        assertThat(new AutoConfig(0.1, List.of(), List.of(), List.of(), 5, 0.1).affordsEwc(3.0)).isFalse();   // no lambdas
        assertThat(new AutoConfig(0.1, List.of(), List.of(1.0), List.of(), 1.0, 0.1).affordsEwc(1.0)).isTrue();
    }
}
