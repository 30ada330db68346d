package ai.continual.config;

import java.util.Map;

/**
 * The whole, validated configuration of one job, loaded once from HOCON by {@link JobConfigLoader}.
 *
 * @param strategy the continual-learning methods every update applies
 * @param gate limits a version must meet to be promoted to production
 * @param objective how past dates count against the newest when models are scored (gate, fusion, auto)
 * @param effective every key with its effective value (defaults included), as recorded in provenance
 * @param hash a stable hash of {@code effective}, used to tell whether two runs used the same settings
 */
public record JobConfig(
        String modelName,
        String store,
        long seed,
        DataConfig data,
        ModelConfig model,
        TrainingConfig training,
        ReplayConfig replay,
        StrategyConfig strategy,
        GateConfig gate,
        Map<String, Object> effective,
        String hash,
        ai.continual.selection.Objective objective) {

    public JobConfig {
        effective = Map.copyOf(effective);
        objective = objective == null ? ai.continual.selection.Objective.EQUAL : objective;
    }

    /** This configuration as an update from a parent runs it: {@link TrainingConfig#forUpdate}. Same settings hash. */
    public JobConfig forUpdate() {
        return withTraining(training.forUpdate());
    }

    /** This configuration training {@code epochs} epochs, as a run's plan chose them. Same settings hash. */
    public JobConfig withEpochs(int epochs) {
        return withTraining(training.withEpochs(epochs));
    }

    private JobConfig withTraining(TrainingConfig other) {
        return other == training ? this : new JobConfig(modelName, store, seed, data, model, other, replay, strategy,
                gate, effective, hash, objective);
    }
}
