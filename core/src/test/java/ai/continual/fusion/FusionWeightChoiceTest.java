package ai.continual.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.fusion.FusionWeightChoice.Candidate;
import ai.continual.metrics.EvaluationResult;
import ai.continual.selection.Objective;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FusionWeightChoiceTest {

    private static EvaluationResult accuracy(long rows, double accuracy) {
        return new EvaluationResult(rows, accuracy, Map.of(), null, null, null);
    }

    private static Candidate candidate(double alpha, long rows, double... accuracies) {
        Map<String, EvaluationResult> byDate = new java.util.TreeMap<>();
        for (int d = 0; d < accuracies.length; d++) {
            byDate.put("2026-11-2" + d, accuracy(rows, accuracies[d]));
        }
        return new Candidate(alpha, byDate);
    }

    @Test
    void standardErrorIsTheBinomialOneOfTheMeanOverDates() {
        Candidate c = candidate(1.0, 500, 0.9, 0.8);
        // sqrt(0.9*0.1/500 + 0.8*0.2/500) / 2 = sqrt(0.0005) / 2
        assertThat(c.standardError()).isCloseTo(Math.sqrt(0.0005) / 2, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(c.meanScore()).isCloseTo(0.85, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void aGainWithinOneStandardErrorKeepsTheLargerAlpha() {
        // Best mean 0.852 at alpha 0.9, SE of that mean about 0.0070 on 500 rows per date; alpha 1 scores 0.849.
        Candidate old = candidate(0.9, 500, 0.90, 0.80, 0.82, 0.80, 0.94);
        Candidate fresh = candidate(1.0, 500, 0.89, 0.79, 0.81, 0.79, 0.965);
        assertThat(FusionWeightChoice.choose(List.of(old, fresh)).alpha()).isEqualTo(1.0);
    }

    @Test
    void aGainBeyondOneStandardErrorPicksTheSmallerAlpha() {
        Candidate old = candidate(0.5, 2000, 0.90, 0.90);
        Candidate fresh = candidate(1.0, 2000, 0.80, 0.92);
        assertThat(FusionWeightChoice.choose(List.of(old, fresh)).alpha()).isEqualTo(0.5);
        assertThat(FusionWeightChoice.choose(List.of(fresh, old)).alpha()).isEqualTo(0.5);
    }

    @Test
    void regressionHasNoStandardErrorSoTheBestR2WinsAndTiesGoToTheLargerAlpha() {
        Candidate low = new Candidate(0.25, Map.of("d", new EvaluationResult(100, null, Map.of(), 1.0, 1.0, 0.70)));
        Candidate mid = new Candidate(0.5, Map.of("d", new EvaluationResult(100, null, Map.of(), 1.0, 1.0, 0.80)));
        Candidate tie = new Candidate(0.75, Map.of("d", new EvaluationResult(100, null, Map.of(), 1.0, 1.0, 0.80)));
        assertThat(FusionWeightChoice.choose(List.of(low, mid, tie)).alpha()).isEqualTo(0.75);
        assertThat(FusionWeightChoice.choose(List.of(tie, low)).alpha()).isEqualTo(0.75);
    }

    @Test
    void theObjectiveDecidesWhichDatesCount() {
        // alpha 0.5 keeps the old date (0.90) and loses on the newest (0.80); alpha 1 the other way round.
        Candidate old = candidate(0.5, 2000, 0.90, 0.80);
        Candidate fresh = candidate(1.0, 2000, 0.70, 0.92);
        assertThat(FusionWeightChoice.choose(List.of(old, fresh)).alpha()).isEqualTo(0.5);
        assertThat(FusionWeightChoice.choose(List.of(old, fresh), Objective.NEWEST_ONLY).alpha()).isEqualTo(1.0);
    }
}
