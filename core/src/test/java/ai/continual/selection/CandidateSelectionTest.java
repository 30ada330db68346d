package ai.continual.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CandidateSelectionTest {

    /** replay keeps the old dates, new-rows-only wins the newest, the fusion sits in between. */
    private static Map<String, Map<String, Double>> candidates() {
        Map<String, Map<String, Double>> c = new LinkedHashMap<>();
        c.put("replay", Map.of("2026-11-01", 0.90, "2026-11-02", 0.88, "2026-11-03", 0.70));
        c.put("new-rows-only", Map.of("2026-11-01", 0.40, "2026-11-02", 0.50, "2026-11-03", 0.95));
        c.put("replay+fusion[alpha=0.5]", Map.of("2026-11-01", 0.85, "2026-11-02", 0.85, "2026-11-03", 0.80));
        c.put("skipped", Map.of());
        return c;
    }

    @Test
    void picksTheBestUnderTheObjectiveAndAnotherWhenTheObjectiveChanges() {
        assertThat(CandidateSelection.choose(candidates(), Objective.EQUAL)).isEqualTo("replay+fusion[alpha=0.5]");
        assertThat(CandidateSelection.choose(candidates(), Objective.NEWEST_ONLY)).isEqualTo("new-rows-only");
        assertThat(CandidateSelection.choose(candidates(), new Objective(PastWeight.HALF_LIFE, 1)))
                .isEqualTo("replay+fusion[alpha=0.5]");
    }

    @Test
    void tiesGoToTheEarlierCandidate() {
        Map<String, Map<String, Double>> c = new LinkedHashMap<>();
        c.put("replay", Map.of("2026-11-01", 0.8));
        c.put("ewc[lambda=1]", Map.of("2026-11-01", 0.8));
        assertThat(CandidateSelection.choose(c, Objective.EQUAL)).isEqualTo("replay");
    }

    @Test
    void noScoredCandidateIsAnError() {
        assertThatThrownBy(() -> CandidateSelection.choose(Map.of("a", Map.of()), Objective.EQUAL))
                .hasMessageContaining("No candidate has a score");
    }

    @Test
    void withinOneStandardErrorThePreferredCandidateStays() {
        // Under EQUAL: fusion 0.8333, replay 0.8267 (0.0067 behind), new-rows-only 0.6167.
        assertThat(CandidateSelection.chooseWithinOneStandardError(candidates(), Objective.EQUAL, "replay", 0.01))
                .isEqualTo("replay");
        assertThat(CandidateSelection.chooseWithinOneStandardError(candidates(), Objective.EQUAL, "replay", 0.005))
                .isEqualTo("replay+fusion[alpha=0.5]");
        assertThat(CandidateSelection.chooseWithinOneStandardError(candidates(), Objective.EQUAL, "replay", 0))
                .isEqualTo(CandidateSelection.choose(candidates(), Objective.EQUAL));
        assertThat(CandidateSelection.chooseWithinOneStandardError(candidates(), Objective.EQUAL, "new-rows-only", 0.1))
                .as("a preferred candidate far behind").isEqualTo("replay+fusion[alpha=0.5]");
        assertThat(CandidateSelection.chooseWithinOneStandardError(candidates(), Objective.EQUAL, "skipped", 1))
                .as("a preferred candidate without scores").isEqualTo("replay+fusion[alpha=0.5]");
    }
}
