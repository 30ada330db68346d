package ai.continual.job.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrainingProgressTest {

    @Test
    void roundsPerEpochFollowTheExportLayout() {
        // 244 rows in batches of 32 = 8 files; 2 workers x 5 files per round = 10 per round -> 1 round.
        assertThat(TrainingProgress.estimatedRounds(244, 32, 2, 5)).isEqualTo(1);
        // 10 000 rows = 313 files; 4 x 5 = 20 per round -> 16 rounds.
        assertThat(TrainingProgress.estimatedRounds(10_000, 32, 4, 5)).isEqualTo(16);
        assertThat(TrainingProgress.estimatedRounds(0, 32, 2, 5)).isEqualTo(1);
    }

    @Test
    void etaScalesTheElapsedTimeByWhatIsLeft() {
        assertThat(TrainingProgress.etaMillis(10_000, 0.25)).isEqualTo(30_000);
        assertThat(TrainingProgress.etaMillis(10_000, 1.0)).isZero();
        assertThat(TrainingProgress.etaMillis(10_000, 0)).isEqualTo(-1);
    }

    @Test
    void durationsReadLikeAClock() {
        assertThat(TrainingProgress.duration(42_400)).isEqualTo("42s");
        assertThat(TrainingProgress.duration(185_000)).isEqualTo("3m05s");
        assertThat(TrainingProgress.duration(3_720_000)).isEqualTo("1h02m");
        assertThat(TrainingProgress.duration(-1)).isEqualTo("?");
    }
}
