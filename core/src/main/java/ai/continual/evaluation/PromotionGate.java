package ai.continual.evaluation;

import ai.continual.config.GateConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a new version may become the production version: its score on the new partition,
 * its forgetting on every earlier partition and its drop against the current production version must
 * stay within the configured limits. A rejected version is still written, with the reasons.
 */
public final class PromotionGate {

    private final GateConfig config;

    public PromotionGate(GateConfig config) {
        this.config = config;
    }

    /** The decision for a version with {@code metrics}, against production's per-partition scores if any. */
    public GateDecision decide(ContinualMetrics metrics, Optional<Map<String, Double>> productionScores) {
        List<String> reasons = new ArrayList<>();
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
            double sumNew = 0;
            double sumProd = 0;
            int n = 0;
            for (Map.Entry<String, Double> e : productionScores.get().entrySet()) {
                Double mine = metrics.scores().get(e.getKey());
                if (mine != null && e.getValue() != null) {
                    sumNew += mine;
                    sumProd += e.getValue();
                    n++;
                }
            }
            if (n > 0) {
                double drop = (sumProd - sumNew) / n;
                if (drop > config.maxDrop().get()) {
                    reasons.add(String.format(Locale.ROOT, "mean %s over the %d partitions production was evaluated on"
                            + " dropped by %.4f, above gate.max-drop %.4f", metrics.score(), n, drop,
                            config.maxDrop().get()));
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
