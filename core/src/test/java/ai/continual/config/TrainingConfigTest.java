package ai.continual.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@code auto} batch size and averaging frequency: the rule of the defaults file, and user values kept; the epochs
 * of an update ({@code training.update-epochs}).
 */
class TrainingConfigTest {

    private static final TrainingConfig AUTO = new TrainingConfig(3, TrainingConfig.AUTO, TrainingConfig.AUTO, "adam",
            0.001, 0, Optional.empty());

    @Test
    void smallPartitionsKeepSmallStepsAndLargeOnesGetLargeBatchesAndFewRounds() {
        // 1 200 rows over 2 workers: 600 per worker, batch 32 -> 19 batches, a quarter = 4 -> at least 5.
        assertThat(sizes(AUTO.resolved(1_200, 2))).containsExactly(32, 5);
        // 12 000 rows: 6 000 per worker, batch 64 -> 94 batches -> every 23.
        assertThat(sizes(AUTO.resolved(12_000, 2))).containsExactly(64, 23);
        // 60 000 rows: 30 000 per worker, batch 128 -> 235 batches -> every 58, capped at 50.
        assertThat(sizes(AUTO.resolved(60_000, 2))).containsExactly(128, 50);
        // The same 60 000 rows over 32 workers: 1 875 per worker -> batch 32, 59 batches -> every 14.
        assertThat(sizes(AUTO.resolved(60_000, 32))).containsExactly(32, 14);
        assertThat(AUTO.hasAuto()).isTrue();
        assertThat(AUTO.resolved(60_000, 2).hasAuto()).isFalse();
    }

    @Test
    void aShortRunKeepsAtLeastAHundredStepsPerWorkerWithSmallerBatches() {
        // One pass over 4 437 rows (an update under an example budget): 2 218 per worker -> 64 would leave 35 steps,
        // so 32 (70 steps: the least batch even so). Five passes over the same rows keep 64 (175 steps).
        assertThat(sizes(AUTO.withEpochs(1).resolved(4_437, 2))).containsExactly(32, 17);
        assertThat(sizes(AUTO.withEpochs(5).resolved(4_437, 2))).containsExactly(64, 8);
        // 9 000 rows per worker once: 128 would leave 71 steps, 64 leaves 141.
        assertThat(sizes(AUTO.withEpochs(1).resolved(18_000, 2))).containsExactly(64, 35);
        // One pass over 600 000 rows keeps 128 (2 344 steps).
        assertThat(sizes(AUTO.withEpochs(1).resolved(600_000, 2))).containsExactly(128, 50);
        assertThat(AUTO.resolved(60_000, 2).hasAuto()).isFalse();
    }

    @Test
    void valuesTheUserSetAreKept() {
        TrainingConfig batchSet = new TrainingConfig(3, 16, TrainingConfig.AUTO, "adam", 0.001, 0, Optional.empty());
        assertThat(sizes(batchSet.resolved(60_000, 2))).containsExactly(16, 50);
        TrainingConfig both = new TrainingConfig(3, 16, 3, "adam", 0.001, 0, Optional.empty());
        assertThat(both.resolved(60_000, 2)).isEqualTo(both);
    }

    @Test
    void theConfigTakesAutoOrANumberAndNamesTheKeyOtherwise() {
        assertThat(load("training.batch-size = auto").batchSize()).isEqualTo(TrainingConfig.AUTO);
        assertThat(load("training.batch-size = 64").batchSize()).isEqualTo(64);
        assertThat(load("training.minibatch-cache = disk").minibatchCache()).isEqualTo(MinibatchCache.DISK);
        assertThatThrownBy(() -> load("training.averaging-frequency = often"))
                .hasMessageContaining("training.averaging-frequency").hasMessageContaining("auto or a whole number");
    }

    @Test
    void anUpdateTrainsUpdateEpochsWhenSetAndEpochsOtherwise() {
        TrainingConfig both = load("training { epochs = 5, update-epochs = 1 }");
        assertThat(both.epochs()).isEqualTo(5);
        assertThat(both.forUpdate().epochs()).isEqualTo(1);
        assertThat(both.forUpdate().forUpdate()).isEqualTo(both.forUpdate());
        TrainingConfig unset = load("training.epochs = 5");
        assertThat(unset.forUpdate()).isSameAs(unset);
        assertThatThrownBy(() -> load("training.update-epochs = -1")).hasMessageContaining("training.update-epochs");
    }

    @Test
    void anExampleBudgetIsReadAndCannotBeCombinedWithUpdateEpochs() {
        assertThat(load("training.max-update-examples = 4800").maxUpdateExamples()).isEqualTo(4800);
        assertThat(load("training.epochs = 5").maxUpdateExamples()).isZero();
        assertThatThrownBy(() -> load("training { update-epochs = 1, max-update-examples = 4800 }"))
                .hasMessageContaining("training.max-update-examples").hasMessageContaining("training.update-epochs");
        assertThatThrownBy(() -> load("training.max-update-examples = -1"))
                .hasMessageContaining("training.max-update-examples");
    }

    private static TrainingConfig load(String line) {
        return JobConfigLoader.fromConfig(ConfigFactory.parseString("model-name = m\nstore = \"file:///tmp/s\"\n"
                + "data { root = \"file:///tmp/d\", num-classes = 3 }\n" + line), "test").training();
    }

    private static int[] sizes(TrainingConfig c) {
        return new int[] {c.batchSize(), c.averagingFrequency()};
    }
}
