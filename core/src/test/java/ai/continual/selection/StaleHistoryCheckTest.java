package ai.continual.selection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StaleHistoryCheckTest {

    @Test
    void regressionFiresWhenReplayFitsTheNewTargetsClearlyWorse() {
        double[] targets = {1, 2, 3, 4, 5, 6};
        double[] exact = {1, 2, 3, 4, 5, 6};
        double[] compromise = {3, 3, 3.5, 3.5, 4, 4};
        StaleHistoryEvidence stale = StaleHistoryCheck.regression(compromise, exact, targets, 0.1);
        assertThat(stale.stale()).isTrue();
        assertThat(stale.newRowsOnlyScore()).isEqualTo(1.0);
        assertThat(stale.gap()).isGreaterThan(0.1);
        assertThat(StaleHistoryCheck.regression(exact, compromise, targets, 0.1).stale()).isFalse();
        assertThat(StaleHistoryCheck.regression(exact, exact, targets, 0.1).stale()).isFalse();
    }

    @Test
    void classificationIgnoresOldClassesTheNewDateDoesNotHave() {
        // New date has labels 2 and 3 only. Replay puts most mass on old class 0 but ranks 2 vs 3 correctly.
        int[] labels = new int[200];
        double[][] replay = new double[200][];
        double[][] fresh = new double[200][];
        for (int i = 0; i < 200; i++) {
            labels[i] = 2 + i % 2;
            replay[i] = labels[i] == 2 ? new double[] {0.6, 0, 0.25, 0.15} : new double[] {0.6, 0, 0.15, 0.25};
            fresh[i] = labels[i] == 2 ? new double[] {0, 0, 0.9, 0.1} : new double[] {0, 0, 0.1, 0.9};
        }
        StaleHistoryEvidence e = StaleHistoryCheck.classification(replay, fresh, labels, 0.05);
        assertThat(e.replayScore()).isEqualTo(1.0);
        assertThat(e.stale()).isFalse();
    }

    @Test
    void classificationFiresOnARemappedLabelOnlyBeyondThreeStandardErrors() {
        int n = 400;
        int[] labels = new int[n];
        double[][] replay = new double[n][];
        double[][] fresh = new double[n][];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            boolean replayRight = i % 4 != 1; // replay still predicts the old label on half of class 1
            replay[i] = (labels[i] == 0) == replayRight ? new double[] {0.9, 0.1} : new double[] {0.1, 0.9};
            fresh[i] = labels[i] == 0 ? new double[] {0.9, 0.1} : new double[] {0.1, 0.9};
        }
        StaleHistoryEvidence e = StaleHistoryCheck.classification(replay, fresh, labels, 0.1);
        assertThat(e.replayScore()).isEqualTo(0.75);
        assertThat(e.stale()).isTrue();
        // The same gap on 8 rows is within the noise: three standard errors exceed it.
        StaleHistoryEvidence few = StaleHistoryCheck.classification(java.util.Arrays.copyOf(replay, 8),
                java.util.Arrays.copyOf(fresh, 8), java.util.Arrays.copyOf(labels, 8), 0.1);
        assertThat(few.threshold()).isGreaterThan(few.gap());
        assertThat(few.stale()).isFalse();
    }
}
