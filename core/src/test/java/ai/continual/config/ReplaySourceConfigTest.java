package ai.continual.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** Pins the defaults and validation of the replay-source, reservoir, held-out sample and worker-thread keys. */
class ReplaySourceConfigTest {

    private static final String MINIMAL = "model-name = m\ndata { root = \"/tmp/d\", num-classes = 3 }\n";

    private static JobConfig load(String extra) {
        return JobConfigLoader.fromConfig(ConfigFactory.parseString(MINIMAL + extra), "test");
    }

    @Test
    void defaultsReplayFromAStoredReservoirAndKeepAHeldOutSample() {
        JobConfig config = load("");
        assertThat(config.replay().source()).isEqualTo(ReplaySource.RESERVOIR);
        assertThat(config.replay().reservoirSize()).isEqualTo(5000);
        assertThat(config.data().storedHoldoutRows()).isEqualTo(500);
        assertThat(config.training().workerThreads()).isZero();
    }

    @Test
    void historyAndSizesCanBeSet() {
        JobConfig config = load("replay { source = history, reservoir-size = 40 }\n"
                + "data.stored-holdout-rows = 0\ntraining.worker-threads = 1\n");
        assertThat(config.replay().source()).isEqualTo(ReplaySource.HISTORY);
        assertThat(config.replay().reservoirSize()).isEqualTo(40);
        assertThat(config.data().storedHoldoutRows()).isZero();
        assertThat(config.training().workerThreads()).isEqualTo(1);
    }

    @Test
    void theRatioIsAutoByDefaultOrANumber() {
        JobConfig byDefault = load("");
        assertThat(byDefault.replay().autoRatio()).isTrue();
        assertThat(byDefault.replay().ratio(byDefault.objective(), 3, 1.0)).isCloseTo(3.0, within(1e-9));
        assertThat(byDefault.replay().ratio(byDefault.objective(), 3, 0.0)).isCloseTo(1.0, within(1e-9));
        JobConfig halfLife = load("objective { past-weight = half-life, half-life-dates = 1 }\n");
        assertThat(halfLife.replay().ratio(halfLife.objective(), 2, 1.0)).isCloseTo(0.75, within(1e-12));
        JobConfig fixed = load("replay.ratio = 1.5\n");
        assertThat(fixed.replay().autoRatio()).isFalse();
        assertThat(fixed.replay().ratio(fixed.objective(), 3, 1.0)).isEqualTo(1.5);
        assertThat(fixed.replay().targetRows(100, 1.5)).isEqualTo(150);
        assertThat(load("replay { ratio = 4, max-rows = 300 }\n").replay().targetRows(100, 4)).isEqualTo(300);
    }

    @Test
    void badValuesNameTheKeyAndTheValidChoices() {
        assertThatThrownBy(() -> load("replay.source = everything\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("replay.source").hasMessageContaining("reservoir, history");
        assertThatThrownBy(() -> load("replay.ratio = lots\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("replay.ratio").hasMessageContaining("auto or a number").hasMessageContaining("lots");
        assertThatThrownBy(() -> load("replay.ratio = -1\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("replay.ratio");
        assertThatThrownBy(() -> load("replay.reservoir-size = 0\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("replay.reservoir-size");
        assertThatThrownBy(() -> load("data.stored-holdout-rows = -1\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("data.stored-holdout-rows");
        assertThatThrownBy(() -> load("training.worker-threads = -2\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("training.worker-threads");
    }
}
