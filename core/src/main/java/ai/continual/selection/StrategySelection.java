package ai.continual.selection;

import java.util.List;

/**
 * What an automatic update ({@code strategy = [auto]}) tried and why it committed what it did, kept in the run
 * summary (and so in the manifest).
 *
 * @param objective the configured objective, e.g. {@code equal}
 * @param scoredWith the objective the candidates were ranked by: the configured one, or {@code newest-only}
 *     when the history was found stale (past dates no longer count)
 * @param chosen the committed candidate's name
 * @param candidates every candidate with its selection scores and cost, in the order they were built
 * @param staleHistory the stale-history evidence; null when there was nothing to compare (version 1, no replay)
 * @param historyDropped true when the reservoir stored with the version keeps only the new date's rows
 * @param replayUpdateExamples training examples of one plain replay update (the cost reference)
 * @param examples training examples of all candidates together
 * @param examplesLimit the most {@code examples} may reach: (1 + auto.max-extra-cost) × replayUpdateExamples
 * @param selectionRows rows the candidates were scored on (held-out training rows of the new date and reservoir)
 * @param preferred the candidate kept unless another beats it by more than {@code standardError}: the one the
 *     update's budget was spent on (replay, or new-rows-only once history went stale); null before the rule existed
 * @param standardError the standard error of the best candidate's score under {@code scoredWith} (0 for R²); null
 *     before the rule existed
 */
public record StrategySelection(String objective, String scoredWith, String chosen, List<CandidateResult> candidates,
                                StaleHistoryEvidence staleHistory, boolean historyDropped, long replayUpdateExamples,
                                long examples, long examplesLimit, long selectionRows, String preferred,
                                Double standardError) {

    public StrategySelection {
        candidates = List.copyOf(candidates);
    }

    /** The committed candidate's record. */
    public CandidateResult chosenCandidate() {
        return candidates.stream().filter(c -> c.name().equals(chosen)).findFirst().orElseThrow();
    }
}
