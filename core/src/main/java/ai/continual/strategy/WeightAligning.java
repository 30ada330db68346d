package ai.continual.strategy;

import ai.continual.model.LayerFreezer;
import java.util.Optional;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Weight aligning (Zhao et al., "Maintaining Discrimination and Fairness in Class Incremental Learning", CVPR 2020):
 * a model trained on a few new classes and a smaller replay sample of the old ones grows larger output weights for
 * the new classes and predicts them too often. Scaling the new classes' output weights and biases by
 * γ = mean ‖w_old‖ / mean ‖w_new‖ (the norms of the output layer's weight columns) gives both groups the same mean
 * norm, which scales the new classes' logits by γ. It costs no training; {@code strategy = [auto]} offers it as a
 * candidate and keeps it only when it scores better on the selection rows.
 */
public final class WeightAligning {

    private WeightAligning() {}

    /**
     * A copy of {@code trained} with the new classes' output columns scaled, or empty when it does not apply: no old
     * or no new classes, a class outside the output layer, an output layer without weights and bias, or a frozen
     * output layer.
     *
     * @param oldClasses classes the update replayed (rows of past dates)
     * @param newClasses classes of the new date that no replayed row has
     */
    public static Optional<MultiLayerNetwork> align(MultiLayerNetwork trained, Set<Integer> oldClasses,
                                                    Set<Integer> newClasses) {
        int last = trained.getnLayers() - 1;
        INDArray w = trained.paramTable().get(last + "_W");
        INDArray b = trained.paramTable().get(last + "_b");
        if (oldClasses.isEmpty() || newClasses.isEmpty() || w == null || b == null || w.rank() != 2
                || LayerFreezer.isFrozen(trained, last)) {
            return Optional.empty();
        }
        long outputs = w.size(1);
        if (Set.of(oldClasses, newClasses).stream().flatMap(Set::stream).anyMatch(c -> c < 0 || c >= outputs)) {
            return Optional.empty();
        }
        double gamma = meanNorm(w, oldClasses) / meanNorm(w, newClasses);
        if (!Double.isFinite(gamma) || gamma <= 0) {
            return Optional.empty();
        }
        INDArray alignedW = w.dup();
        INDArray alignedB = b.dup();
        for (int c : newClasses) {
            alignedW.getColumn(c).muli(gamma);
            alignedB.getColumn(c).muli(gamma);
        }
        MultiLayerNetwork aligned = trained.clone();
        aligned.setParam(last + "_W", alignedW);
        aligned.setParam(last + "_b", alignedB);
        return Optional.of(aligned);
    }

    private static double meanNorm(INDArray w, Set<Integer> classes) {
        return classes.stream().mapToDouble(c -> w.getColumn(c).norm2Number().doubleValue()).average().orElseThrow();
    }
}
