package ai.continual.evaluation;

import ai.continual.config.GateConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import ai.continual.selection.Objective;

/**
 * Decides whether a new version may become the production version: its score on the new partition,
 * its forgetting on every earlier partition and its drop against the current production version must
 * stay within the configured limits. A rejected version is still written, with the reasons.
 */
public final class PromotionGate {

    private final GateConfig config;
    private final Objective objective;

    /** A gate that compares with production by the all-dates average. */
    public PromotionGate(GateConfig config) {
        this(config, Objective.EQUAL);
    }

    /** A gate that compares with production by {@code objective} over the partitions both were evaluated on. */
    public PromotionGate(GateConfig config, Objective objective) {
        this.config = config;
        this.objective = objective;
    }

    /** The decision for a version with {@code metrics}, against production's per-partition scores if any. */
    public GateDecision decide(ContinualMetrics metrics, Optional<Map<String, Double>> productionScores) {
        List<String> reasons = new ArrayList<>();
        // the new partition's score alone: the objective weighs every date, and age 0 weighs most
        config.minNewScore().ifPresent(min -> {
            if (metrics.newScore() == null || metrics.newScore() < min) {
                reasons.add(String.format(Locale.ROOT, "%s on the new partition is %s, below gate.min-new-score %.4f",
                        metrics.score(), format(metrics.newScore()), min));
            }
        });
        config.maxForgetting().ifPresent(max -> metrics.forgetting().forEach((partition, forgetting) -> {
            if (forgetting > max) {
                reasons.add(String.format(Locale.ROOT, "forgetting on partition %s is %.4f, above gate.max-forgetting"
                        + " %.4f", partition, forgetting, max));
            }
        }));
        if (config.maxDrop().isPresent() && productionScores.isPresent()) {
            Map<String, Double> mine = new TreeMap<>();
            Map<String, Double> production = new TreeMap<>();
            for (Map.Entry<String, Double> e : productionScores.get().entrySet()) {
                Double score = metrics.scores().get(e.getKey());
                if (score != null && e.getValue() != null) {
                    mine.put(e.getKey(), score);
                    production.put(e.getKey(), e.getValue());
                }
            }
            Double newObjective = objective.score(mine);
            Double productionObjective = objective.score(production);
            if (newObjective != null && productionObjective != null) {
                double drop = productionObjective - newObjective;
                if (drop > config.maxDrop().get()) {
                    reasons.add(String.format(Locale.ROOT, "%s (objective %s) over the %d partitions production was"
                            + " evaluated on dropped by %.4f, above gate.max-drop %.4f", metrics.score(),
                            objective.describe(), mine.size(), drop, config.maxDrop().get()));
                }
            }
        }
        return new GateDecision(reasons.isEmpty(), reasons);
    }

    private static String format(Double value) {
        return value == null ? "missing" : String.format(Locale.ROOT, "%.4f", value);
    }

    /** Promoted, or rejected with the reasons (each names the metric, the value and the limit). */
    public record GateDecision(boolean promoted, List<String> reasons) {
        public GateDecision {
            reasons = List.copyOf(reasons);
        }
    }
}
