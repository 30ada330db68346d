package ai.continual.selection;

/**
 * Whether an update found its history stale, and why: the replay candidate's and the new-rows-only candidate's
 * scores on the new date's selection rows (classification: accuracy among the labels that date has, so a
 * replay model is not blamed for still knowing old classes), the gap between them and the threshold it had to
 * pass.
 *
 * @param replayScore the replay candidate's score on the new date's selection rows
 * @param newRowsOnlyScore the new-rows-only candidate's score on the same rows
 * @param gap {@code newRowsOnlyScore - replayScore}
 * @param threshold the larger of {@code auto.stale-margin} and three standard errors of the gap (accuracy only)
 * @param rows selection rows of the new date the scores come from
 * @param stale {@code gap > threshold}: old dates contradict the new one
 */
public record StaleHistoryEvidence(double replayScore, double newRowsOnlyScore, double gap, double threshold,
                                   long rows, boolean stale) {}
