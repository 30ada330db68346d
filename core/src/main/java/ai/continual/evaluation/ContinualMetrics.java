package ai.continual.evaluation;

import java.util.List;
import java.util.Map;

/**
 * What a version did to what was learned before, kept in its manifest: the score per partition, their
 * average, the score on its own (new) partition, backward transfer, forgetting per earlier partition and
 * the negative flips against its parent.
 *
 * @param score what the scores are: {@code accuracy} or {@code r2}
 */
public record ContinualMetrics(
        String score,
        Map<String, Double> scores,
        Double averageScore,
        Double newScore,
        Double backwardTransfer,
        Map<String, Double> forgetting,
        Double maxForgetting,
        NegativeFlips negativeFlips) {

    /**
     * Metrics of the last row of {@code lineage} (oldest first, ending with the version at hand), and its
     * negative flips against the parent (null for version 1).
     */
    public static ContinualMetrics of(String score, List<VersionScores> lineage, NegativeFlips flips) {
        AccuracyMatrix m = AccuracyMatrix.of(lineage);
        int row = m.rowCount() - 1;
        VersionScores current = lineage.get(row);
        Map<String, Double> forgetting = ForgettingMetrics.forgetting(m, row);
        Double max = forgetting.values().stream().max(Double::compare).orElse(null);
        return new ContinualMetrics(score, current.scores(), ForgettingMetrics.averageScore(m, row),
                current.scores().get(current.date()), ForgettingMetrics.backwardTransfer(m, row), forgetting, max,
                flips);
    }
}
