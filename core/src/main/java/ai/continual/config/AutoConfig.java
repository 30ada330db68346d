package ai.continual.config;

import java.util.List;

/**
 * Settings of the {@code auto} strategy: which candidates an update trains beside the replay model, how many
 * held-out training rows score them, the cost budget and when history counts as stale.
 *
 * @param selectionFraction share of the new partition's training rows (and of the reservoir) kept to score
 *     candidates; no candidate trains on them
 * @param fusionAlphas weights of the trained model tried in fusions with the parent
 * @param ewcLambdas EWC strengths tried on new rows only
 * @param priorCorrections strengths τ of the label-prior correction tried on the replay model (classification)
 * @param maxExtraCost extra training examples allowed beyond one plain replay update, as a multiple of it
 * @param staleMargin how far the replay candidate must fall below the new-rows-only one on the new date for old
 *     dates to count as contradicted
 */
public record AutoConfig(double selectionFraction, List<Double> fusionAlphas, List<Double> ewcLambdas,
                         List<Double> priorCorrections, double maxExtraCost, double staleMargin) {

    public AutoConfig {
        fusionAlphas = List.copyOf(fusionAlphas);
        ewcLambdas = List.copyOf(ewcLambdas);
        priorCorrections = List.copyOf(priorCorrections);
    }

    /**
     * True when the budget can pay for an EWC candidate beside the replay and new-rows-only ones, with {@code
     * replayRatio} replay rows per new row: (1 + ratio) + 1 + 1 new-row passes within (1 + maxExtraCost) x (1 +
     * ratio), i.e. {@code maxExtraCost * (1 + ratio) >= 2}. Only then does auto spend the time to estimate and keep
     * the Fisher information that EWC candidates need.
     */
    public boolean affordsEwc(double replayRatio) {
        return !ewcLambdas.isEmpty() && maxExtraCost * (1 + replayRatio) >= 2;
    }
}
