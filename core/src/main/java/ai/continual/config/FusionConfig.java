package ai.continual.config;

import java.util.List;

/**
 * Weight fusion after training.
 *
 * @param alpha weight of the trained model: θ = (1−α)·θ_parent + α·θ_trained (WiSE-FT)
 * @param alphaGrid when not empty, each candidate is evaluated on held-out rows of every partition seen
 *                  and the best mean score wins (alpha is then unused)
 * @param emaDecay when above 0, the served weights are an exponential moving average across versions,
 *                 θ_served = β·θ_parent_served + (1−β)·θ_trained, while training continues from the raw
 *                 trained weights kept with each version
 */
public record FusionConfig(double alpha, List<Double> alphaGrid, double emaDecay) {
    public FusionConfig {
        alphaGrid = List.copyOf(alphaGrid);
    }

    public boolean ema() {
        return emaDecay > 0;
    }
}
