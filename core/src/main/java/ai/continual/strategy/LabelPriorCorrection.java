package ai.continual.strategy;

import ai.continual.selection.Objective;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Post-hoc logit adjustment of a classifier for the label prior its training mix had (Menon et al., "Long-tail
 * learning via logit adjustment", 2021): a softmax model trained on rows whose labels follow π_train predicts
 * those labels more often than a target distribution π_target warrants; adding τ·(log π_target(c) − log
 * π_train(c)) to the output layer's bias of every class c moves its decisions to the target's prior (τ = 1 is the
 * Bayes correction; smaller τ corrects part of the way, as the warm start already saw other mixes).
 *
 * <p>Why it matters for updates: an update trains on the new rows plus a bounded replay sample, so classes that
 * only the new date brings get many more rows than classes of past dates (class-incremental streams), and the
 * update's model favours them. The target is the objective's: each date's label shares weighted by the date's
 * weight under the objective. No training is involved; the weights other than the output bias are unchanged.
 */
public final class LabelPriorCorrection {

    private LabelPriorCorrection() {}

    /**
     * The label shares the objective asks for: each date's shares (its label counts over its rows) weighted by the
     * objective's weight of the date's age (the newest date has age 0); dates without rows are skipped.
     *
     * @param countsByDate label counts per ISO date (yyyy-MM-dd, so they sort by time), each of length K
     */
    public static double[] targetShares(Map<String, long[]> countsByDate, Objective objective) {
        double[] target = null;
        int age = 0;
        for (Map.Entry<String, long[]> e : new TreeMap<>(countsByDate).descendingMap().entrySet()) {
            long[] counts = e.getValue();
            long rows = java.util.Arrays.stream(counts).sum();
            if (rows == 0) {
                continue;
            }
            if (target == null) {
                target = new double[counts.length];
            }
            double w = objective.weight(age++);
            for (int c = 0; c < counts.length; c++) {
                target[c] += w * counts[c] / rows;
            }
        }
        if (target == null) {
            throw new IllegalArgumentException("No rows to take the target label shares from");
        }
        double sum = java.util.Arrays.stream(target).sum();
        for (int c = 0; c < target.length; c++) {
            target[c] /= sum;
        }
        return target;
    }

    /**
     * Shifts τ·(log target(c) − log train(c)) for every class present in both (others get 0: a class nobody
     * asks for, or nobody trained on, keeps its bias).
     *
     * @param trainCounts label counts of the training mix
     * @param targetShares the target label distribution, e.g. {@link #targetShares}
     */
    public static double[] shifts(long[] trainCounts, double[] targetShares, double tau) {
        if (trainCounts.length != targetShares.length) {
            throw new IllegalArgumentException("Label counts of " + trainCounts.length + " classes against target"
                    + " shares of " + targetShares.length);
        }
        long rows = java.util.Arrays.stream(trainCounts).sum();
        double[] shifts = new double[trainCounts.length];
        for (int c = 0; c < shifts.length; c++) {
            if (trainCounts[c] > 0 && targetShares[c] > 0) {
                shifts[c] = tau * (Math.log(targetShares[c]) - Math.log((double) trainCounts[c] / rows));
            }
        }
        return shifts;
    }

    /**
     * A copy of {@code trained} whose output-layer bias has {@code shifts} added (a grown-outputs model may have
     * fewer outputs than shifts: the extra classes have no output yet and are ignored).
     */
    public static MultiLayerNetwork apply(MultiLayerNetwork trained, double[] shifts) {
        MultiLayerNetwork adjusted = trained.clone();
        String key = (adjusted.getnLayers() - 1) + "_b";
        INDArray bias = adjusted.paramTable().get(key);
        if (bias == null) {
            throw new IllegalArgumentException("The output layer has no bias (" + key + ") to adjust");
        }
        INDArray shifted = bias.dup();
        long outputs = shifted.length();
        for (int c = 0; c < Math.min(outputs, shifts.length); c++) {
            shifted.putScalar(c, shifted.getDouble(c) + shifts[c]);
        }
        adjusted.setParam(key, shifted);
        return adjusted;
    }
}
