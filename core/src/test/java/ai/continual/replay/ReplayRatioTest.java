package ai.continual.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayRatioTest {

    @Test
    void theRatioMovesFromTheBaseToTheObjectivesWeightAsTheLabelsDiffer() {
        assertThat(ReplayRatio.auto(4, 0)).isCloseTo(ReplayRatio.BASE_RATIO, within(1e-12));
        assertThat(ReplayRatio.auto(4, 1)).isCloseTo(4, within(1e-12));
        // Half way in the new rows' share of the mix: (1/2 + 1/5) / 2 = 0.35, so 1/0.35 - 1 replay rows per new row.
        assertThat(ReplayRatio.auto(4, 0.5)).isCloseTo(1 / 0.35 - 1, within(1e-12));
        // A memory the objective does not weigh (newest-only), or no memory at all: no replay.
        assertThat(ReplayRatio.auto(0, 1)).isZero();
        assertThatThrownBy(() -> ReplayRatio.auto(2, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLabelDistanceIsTheTotalVariationOfTheShares() {
        assertThat(ReplayRatio.labelDistance(Map.of(8, 600L, 9, 600L), Map.of(0, 500L, 1, 500L))).isEqualTo(1);
        assertThat(ReplayRatio.labelDistance(Map.of(0, 10L, 1, 10L), Map.of(0, 500L, 1, 500L))).isZero();
        assertThat(ReplayRatio.labelDistance(Map.of(0, 30L, 1, 10L), Map.of(0, 50L, 1, 50L)))
                .isCloseTo(0.25, within(1e-12));
        assertThat(ReplayRatio.labelDistance(Map.of(), Map.of(0, 5L))).isZero();
    }

    @Test
    void onlyDisjointLabelsShareNoLabel() {
        // Thirds do not sum to exactly 1 in floating point; the distance of disjoint labels must still count.
        assertThat(ReplayRatio.sharesNoLabel(ReplayRatio.labelDistance(Map.of(3, 1L, 4, 1L, 5, 1L),
                Map.of(0, 1L, 1, 1L, 2, 1L)))).isTrue();
        assertThat(ReplayRatio.sharesNoLabel(ReplayRatio.labelDistance(Map.of(1, 1L, 2, 1L, 3, 1L),
                Map.of(0, 1L, 1, 1L, 2, 1L)))).isFalse();
    }
}
