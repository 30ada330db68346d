package ai.continual.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/** {@link UpdateBudget}: distinct rows first, more epochs only when rows run short, never over the budget. */
class UpdateBudgetTest {

    /** Replay ratio 1 up to 2 000 rows, from a reservoir of 5 000. */
    private static final LongUnaryOperator RATIO_ONE = n -> Math.min(n, 2_000);

    @Test
    void manyRowsTrainOnePassOverAsManyAsTheBudgetPays() {
        UpdateBudget split = UpdateBudget.spend(4_800, 100_000, RATIO_ONE, 5);

        assertThat(split).isEqualTo(new UpdateBudget(2_800, 2_000, 1));
        assertThat(split.examples()).isEqualTo(4_800);
    }

    @Test
    void belowTheReplayCapNewAndReplayRowsShareTheBudget() {
        assertThat(UpdateBudget.spend(1_000, 100_000, RATIO_ONE, 5)).isEqualTo(new UpdateBudget(500, 500, 1));
        assertThat(UpdateBudget.spend(1_001, 100_000, RATIO_ONE, 5).examples()).isLessThanOrEqualTo(1_001);
    }

    @Test
    void fewRowsArePassedOverAgainWithinTheBudgetAndTheConfiguredEpochs() {
        // 2 437 new rows + 2 000 replay fit once in 4 800; twice in 9 000.
        assertThat(UpdateBudget.spend(4_800, 2_437, RATIO_ONE, 5)).isEqualTo(new UpdateBudget(2_437, 2_000, 1));
        assertThat(UpdateBudget.spend(9_000, 2_437, RATIO_ONE, 5)).isEqualTo(new UpdateBudget(2_437, 2_000, 2));
        // 300 rows (+300 replay) fit 8 times in 4 800, but never more passes than training.epochs.
        assertThat(UpdateBudget.spend(4_800, 300, RATIO_ONE, 5)).isEqualTo(new UpdateBudget(300, 300, 5));
        assertThat(UpdateBudget.spend(4_800, 300, RATIO_ONE, 20).epochs()).isEqualTo(8);
    }

    @Test
    void withoutReplayEveryExampleIsANewRow() {
        assertThat(UpdateBudget.spend(4_800, 100_000, n -> 0, 5)).isEqualTo(new UpdateBudget(4_800, 0, 1));
    }

    @Test
    void aBudgetBelowOneRowAndItsReplayStillTrainsOneRow() {
        assertThat(UpdateBudget.spend(1, 100, RATIO_ONE, 5)).isEqualTo(new UpdateBudget(1, 1, 1));
        assertThatThrownBy(() -> UpdateBudget.spend(0, 100, RATIO_ONE, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
