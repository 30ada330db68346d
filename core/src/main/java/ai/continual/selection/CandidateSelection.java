package ai.continual.selection;

import java.util.Map;

/**
 * Picks the candidate of an automatic update with the best score under the objective on the selection rows.
 * Ties go to the earlier candidate, so list cheaper and simpler candidates first.
 */
public final class CandidateSelection {

    private CandidateSelection() {}

    /**
     * The name of the best candidate of {@code scoresByCandidate} (candidate → score per date, in preference
     * order) under {@code objective}; candidates without any score are never chosen.
     */
    public static String choose(Map<String, Map<String, Double>> scoresByCandidate, Objective objective) {
        String best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, Map<String, Double>> e : scoresByCandidate.entrySet()) {
            Double score = objective.score(e.getValue());
            if (score != null && (best == null || score > bestScore)) {
                best = e.getKey();
                bestScore = score;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("No candidate has a score on the selection rows: " + scoresByCandidate.keySet());
        }
        return best;
    }

    /**
     * The one-standard-error rule: {@code preferred} (the candidate the update's budget was spent on) unless the best
     * candidate under {@code objective} beats it by more than {@code bestStandardError}, the standard error of the
     * best one's score. On a few hundred selection rows an arg-max often picks a candidate that is better only by
     * chance; the rule keeps the plain model then. With a standard error of 0 (R², which has none here) it is the
     * arg-max of {@link #choose}.
     */
    public static String chooseWithinOneStandardError(Map<String, Map<String, Double>> scoresByCandidate,
                                                      Objective objective, String preferred,
                                                      double bestStandardError) {
        String best = choose(scoresByCandidate, objective);
        Double preferredScore = scoresByCandidate.containsKey(preferred)
                ? objective.score(scoresByCandidate.get(preferred)) : null;
        return preferredScore != null
                && preferredScore >= objective.score(scoresByCandidate.get(best)) - bestStandardError ? preferred : best;
    }
}
