package ai.continual.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-made 3×3 accuracy matrix; every expected value below was computed by hand. */
class ForgettingMetricsTest {

    //            p1    p2    p3
    // v1        0.90    -     -
    // v2        0.60  0.80    -
    // v3        0.70  0.50  0.95
    static final List<VersionScores> ROWS = List.of(
            new VersionScores("1", "d1", Map.of("d1", 0.90)),
            new VersionScores("2", "d2", Map.of("d1", 0.60, "d2", 0.80)),
            new VersionScores("3", "d3", Map.of("d1", 0.70, "d2", 0.50, "d3", 0.95)));

    @Test
    void matrixLaysOutRowsOverSortedPartitions() {
        AccuracyMatrix m = AccuracyMatrix.of(ROWS);
        assertThat(m.partitions()).containsExactly("d1", "d2", "d3");
        assertThat(m.get(0, 1)).isNull();
        assertThat(m.get(2, 1)).isEqualTo(0.50);
        assertThat(m.learnedAt(1)).isEqualTo(1);
    }

    @Test
    void averageBackwardTransferAndForgettingMatchHandComputedValues() {
        AccuracyMatrix m = AccuracyMatrix.of(ROWS);
        assertThat(ForgettingMetrics.averageScore(m, 0)).isCloseTo(0.90, within(1e-12));
        assertThat(ForgettingMetrics.averageScore(m, 1)).isCloseTo(0.70, within(1e-12));
        assertThat(ForgettingMetrics.averageScore(m, 2)).isCloseTo((0.70 + 0.50 + 0.95) / 3, within(1e-12));
        assertThat(ForgettingMetrics.backwardTransfer(m, 0)).isNull();
        assertThat(ForgettingMetrics.backwardTransfer(m, 1)).isCloseTo(-0.30, within(1e-12));
        // ((0.70 - 0.90) + (0.50 - 0.80)) / 2
        assertThat(ForgettingMetrics.backwardTransfer(m, 2)).isCloseTo(-0.25, within(1e-12));
        // p1: best of 0.90, 0.60 minus 0.70; p2: 0.80 minus 0.50
        Map<String, Double> f = ForgettingMetrics.forgetting(m, 2);
        assertThat(f).containsOnlyKeys("d1", "d2");
        assertThat(f.get("d1")).isCloseTo(0.20, within(1e-12));
        assertThat(f.get("d2")).isCloseTo(0.30, within(1e-12));
        assertThat(ForgettingMetrics.averageForgetting(m, 2)).isCloseTo(0.25, within(1e-12));
        assertThat(ForgettingMetrics.averageForgetting(m, 0)).isNull();
    }

    @Test
    void continualMetricsSummariseTheLastRow() {
        ContinualMetrics c = ContinualMetrics.of("accuracy", ROWS, new NegativeFlips(200, 30));
        assertThat(c.newScore()).isEqualTo(0.95);
        assertThat(c.maxForgetting()).isCloseTo(0.30, within(1e-12));
        assertThat(c.averageScore()).isCloseTo(0.7166666666666667, within(1e-12));
        assertThat(c.negativeFlips().rate()).isCloseTo(0.15, within(1e-12));
    }
}
