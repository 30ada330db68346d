package ai.continual.config;

import java.util.Optional;

/**
 * The promotion gate: limits a new version must meet to become the production version. Scores are
 * accuracy (classification) or R² (regression), higher is better; an empty limit is not checked.
 *
 * @param minNewScore minimum score on the new partition's held-out rows
 * @param maxForgetting maximum forgetting on any earlier partition (best earlier score minus current)
 * @param maxDrop maximum drop of the mean score against the production version, over the partitions both
 *                were evaluated on
 */
public record GateConfig(Optional<Double> minNewScore, Optional<Double> maxForgetting, Optional<Double> maxDrop) {

    /** True when at least one limit is set. */
    public boolean enabled() {
        return minNewScore.isPresent() || maxForgetting.isPresent() || maxDrop.isPresent();
    }
}
