package ai.continual.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.config.GateConfig;
import ai.continual.selection.Objective;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromotionGateTest {

    static final ContinualMetrics FORGOT = ContinualMetrics.of("accuracy", ForgettingMetricsTest.ROWS, null);

    @Test
    void eachLimitRejectsWithAReasonNamingIt() {
        PromotionGate gate = new PromotionGate(new GateConfig(Optional.of(0.96), Optional.of(0.25), Optional.of(0.05)));
        PromotionGate.GateDecision d = gate.decide(FORGOT, Optional.of(Map.of("d1", 0.80, "d2", 0.80)));
        assertThat(d.promoted()).isFalse();
        assertThat(d.reasons()).hasSize(3);
        assertThat(d.reasons().get(0)).contains("gate.min-new-score").contains("0.9500");
        assertThat(d.reasons().get(1)).contains("partition d2").contains("0.3000").contains("gate.max-forgetting");
        // production mean 0.80 vs (0.70 + 0.50) / 2 = 0.60 on the common partitions
        assertThat(d.reasons().get(2)).contains("dropped by 0.2000").contains("gate.max-drop");
    }

    @Test
    void aVersionWithinLimitsIsPromotedAndNoLimitsMeansPromoted() {
        PromotionGate gate = new PromotionGate(new GateConfig(Optional.of(0.9), Optional.of(0.5), Optional.of(0.3)));
        assertThat(gate.decide(FORGOT, Optional.of(Map.of("d1", 0.80, "d2", 0.80))).promoted()).isTrue();
        PromotionGate open = new PromotionGate(new GateConfig(Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(open.decide(FORGOT, Optional.empty()).promoted()).isTrue();
    }

    @Test
    void maxDropComparesByTheObjective() {
        GateConfig maxDrop = new GateConfig(Optional.empty(), Optional.empty(), Optional.of(0.15));
        // production 0.60 on d1 and 0.80 on d2; the new version 0.70 on d1 and 0.50 on d2
        Map<String, Double> production = Map.of("d1", 0.60, "d2", 0.80);
        assertThat(new PromotionGate(maxDrop, Objective.EQUAL).decide(FORGOT, Optional.of(production)).promoted())
                .as("mean drop 0.10").isTrue();
        PromotionGate.GateDecision newest = new PromotionGate(maxDrop, Objective.NEWEST_ONLY)
                .decide(FORGOT, Optional.of(production));
        assertThat(newest.promoted()).as("newest common partition d2 drops 0.30").isFalse();
        assertThat(newest.reasons().get(0)).contains("newest-only").contains("dropped by 0.3000");
    }
}
