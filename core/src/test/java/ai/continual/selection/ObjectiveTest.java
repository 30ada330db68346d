package ai.continual.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.continual.metrics.EvaluationResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectiveTest {

    /** Old dates score high, the newest low: each objective must weigh them differently. */
    private static final Map<String, Double> SCORES = Map.of("2026-11-01", 0.9, "2026-11-02", 0.8, "2026-11-03", 0.5);

    @Test
    void equalIsTheAllDatesAverage() {
        assertThat(Objective.EQUAL.score(SCORES)).isCloseTo((0.9 + 0.8 + 0.5) / 3, within(1e-12));
    }

    @Test
    void newestOnlyIsTheNewestDateWhateverTheMapOrder() {
        assertThat(Objective.NEWEST_ONLY.score(SCORES)).isEqualTo(0.5);
    }

    @Test
    void halfLifeHalvesTheWeightEveryHalfLife() {
        Objective h = new Objective(PastWeight.HALF_LIFE, 1);
        assertThat(h.weight(0)).isEqualTo(1.0);
        assertThat(h.weight(2)).isEqualTo(0.25);
        // weights 1, 0.5, 0.25 for ages 0, 1, 2
        assertThat(h.score(SCORES)).isCloseTo((0.5 + 0.5 * 0.8 + 0.25 * 0.9) / 1.75, within(1e-12));
        assertThat(new Objective(PastWeight.HALF_LIFE, 2).weight(2)).isEqualTo(0.5);
    }

    @Test
    void noScoresGiveNull() {
        assertThat(Objective.EQUAL.score(Map.of())).isNull();
    }

    @Test
    void standardErrorUsesTheWeights() {
        Map<String, EvaluationResult> results = Map.of(
                "2026-11-01", EvaluationResult.classification(100, 0.5, Map.of()),
                "2026-11-02", EvaluationResult.classification(100, 0.5, Map.of()));
        assertThat(Objective.EQUAL.standardError(results)).isCloseTo(Math.sqrt(2 * 0.25 / 100) / 2, within(1e-12));
        assertThat(Objective.NEWEST_ONLY.standardError(results)).isCloseTo(Math.sqrt(0.25 / 100), within(1e-12));
    }

    @Test
    void pastDatesWeighAgainstTheNewestAsTheObjectiveWeighsThem() {
        assertThat(Objective.EQUAL.pastToNewestWeight(0)).isZero();
        assertThat(Objective.EQUAL.pastToNewestWeight(4)).isEqualTo(4);
        assertThat(Objective.NEWEST_ONLY.pastToNewestWeight(4)).isZero();
        assertThat(new Objective(PastWeight.HALF_LIFE, 1).pastToNewestWeight(2)).isCloseTo(0.5 + 0.25, within(1e-12));
    }
}
