package ai.continual.report;

import java.util.Map;

/**
 * One simulated nightly run of one strategy in a comparison, read back from the version's manifest.
 *
 * @param scores score per partition (accuracy or R²)
 * @param examples training examples processed: (new + replay rows) × epochs
 * @param wallMs wall time of the run, all phases
 * @param objectiveScore the job's objective over {@code scores} (e.g. a recency-weighted mean); the all-dates
 *     average is {@code averageScore}, the newest date's score {@code newScore}
 */
public record ComparisonRun(
        String date,
        int version,
        String status,
        Map<String, Double> scores,
        Double averageScore,
        Double averageForgetting,
        Double backwardTransfer,
        Double newScore,
        Double negativeFlipRate,
        long examples,
        long wallMs,
        Double objectiveScore) {}
