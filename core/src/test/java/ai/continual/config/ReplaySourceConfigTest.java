package ai.continual.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void badValuesNameTheKeyAndTheValidChoices() {
        assertThatThrownBy(() -> load("replay.source = everything\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("replay.source").hasMessageContaining("reservoir, history");
        assertThatThrownBy(() -> load("replay.reservoir-size = 0\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("replay.reservoir-size");
        assertThatThrownBy(() -> load("data.stored-holdout-rows = -1\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("data.stored-holdout-rows");
        assertThatThrownBy(() -> load("training.worker-threads = -2\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("training.worker-threads");
    }
}
