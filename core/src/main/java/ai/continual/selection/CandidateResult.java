package ai.continual.selection;

import java.util.Map;

/**
 * One candidate model of an automatic update, as its manifest records it: what it is, its scores per date on
 * the held-out training rows (the selection rows, never the reported test rows), its score under the objective
 * the update selected with, and what training it cost (fusions with the parent cost no training).
 *
 * @param name e.g. {@code replay}, {@code new-rows-only}, {@code ewc[lambda=10]}, {@code replay+fusion[alpha=0.5]}
 * @param scores accuracy or R² per partition date on the selection rows; empty when skipped
 * @param objectiveScore the objective over {@code scores}; null when skipped
 * @param examples training examples this candidate processed (rows × epochs)
 * @param seconds wall time of its training and scoring
 * @param skipped why it was not trained (e.g. over the cost budget); null when it was
 */
public record CandidateResult(String name, Map<String, Double> scores, Double objectiveScore, long examples,
                              double seconds, String skipped) {

    public CandidateResult {
        scores = scores == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(scores));
    }

    /** A candidate left out, with the reason. */
    public static CandidateResult skipped(String name, String reason) {
        return new CandidateResult(name, Map.of(), null, 0, 0, reason);
    }
}
