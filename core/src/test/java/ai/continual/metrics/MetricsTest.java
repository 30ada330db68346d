package ai.continual.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.continual.config.Task;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void accuracyAndPerClassAccuracyFromAHandMadeConfusionMatrix() {
        // class 0: 3 rows, 2 right; class 1: 1 row, right; class 2: no rows.
        MetricAccumulator a = MetricAccumulator.forTask(Task.CLASSIFICATION, 3);
        a.add(0, new float[] {0.9f, 0.1f, 0f});
        a.add(0, new float[] {0.6f, 0.3f, 0.1f});
        MetricAccumulator b = MetricAccumulator.forTask(Task.CLASSIFICATION, 3);
        b.add(0, new float[] {0.2f, 0.7f, 0.1f});
        b.add(1, new float[] {0.1f, 0.1f, 0.8f});
        b.add(1, new float[] {0.1f, 0.8f, 0.1f});
        EvaluationResult result = a.merge(b).toResult();
        assertThat(result.rows()).isEqualTo(5);
        assertThat(result.accuracy()).isEqualTo(3.0 / 5);
        assertThat(result.perClassAccuracy()).containsEntry(0, 2.0 / 3).containsEntry(1, 0.5).doesNotContainKey(2);
        assertThat(result.mse()).isNull();
    }

    @Test
    void regressionMetricsMatchHandComputedValues() {
        // actual 1,2,3,4; predicted 1,2,4,2 -> errors 0,0,1,-2
        MetricAccumulator m = MetricAccumulator.forTask(Task.REGRESSION, 1);
        double[][] pairs = {{1, 1}, {2, 2}, {3, 4}, {4, 2}};
        for (double[] p : pairs) {
            m.add(p[0], new float[] {(float) p[1]});
        }
        EvaluationResult r = m.toResult();
        assertThat(r.mse()).isCloseTo(5.0 / 4, within(1e-12));
        assertThat(r.mae()).isCloseTo(3.0 / 4, within(1e-12));
        // SST = sum (y - 2.5)^2 = 5; R2 = 1 - 5/5 = 0
        assertThat(r.r2()).isCloseTo(0.0, within(1e-12));
        assertThat(r.accuracy()).isNull();
    }

    @Test
    void emptyInputsGiveNoMetricRatherThanNaN() {
        assertThat(new ConfusionCounts(2).toResult().accuracy()).isNull();
        assertThat(new RegressionMoments().toResult().mse()).isNull();
    }
}
