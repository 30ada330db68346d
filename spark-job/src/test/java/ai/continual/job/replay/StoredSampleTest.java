package ai.continual.job.replay;

import static org.apache.spark.sql.functions.col;
import static ai.continual.job.replay.ReplayReservoirTest.perClass;
import static ai.continual.job.replay.ReplayReservoirTest.rows;
import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.job.LocalSpark;
import ai.continual.job.data.TrainingRows;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The filter-only draw of {@link StoredSample#keepLowest} against the ranking draw it replaces. */
class StoredSampleTest {

    private static List<String> sorted(Dataset<Row> rows) {
        return rows.collectAsList().stream().map(Row::toString).sorted().collect(Collectors.toList());
    }

    @Test
    void withoutTiesTheFilterKeepsExactlyTheRowsTheRankingKeeps() {
        StoredSample sample = new StoredSample(LocalSpark.session(), 7);
        Dataset<Row> candidates = sample.candidates(Optional.of(sample.withPriority(rows("2026-01-01",
                new int[] {0, 1, 2}, 30, 1))), rows("2026-01-02", new int[] {0, 1, 2, 3}, 25, 2));
        Column group = col(TrainingRows.LABEL).cast("int");
        LowestPriorities lowest = sample.lowest(candidates, group, 20);
        // classes 0, 1 and 3 are cut below their rows (55, 55, 25), class 2 keeps none, class 7 has no rows
        Map<String, Long> quotas = Map.of("0", 20L, "1", 13L, "2", 0L, "3", 20L, "7", 5L);

        DrawnSample filtered = sample.keepLowest(candidates, lowest, group, quotas);
        DrawnSample ranked = sample.keepLowestByRank(candidates, lowest, group, quotas);

        assertThat(filtered.filteredFrom()).as("the filter path ran").isEqualTo(3 * 30 + 4 * 25);
        assertThat(ranked.filteredFrom()).isZero();
        assertThat(sorted(filtered.rows())).hasSize(53).isEqualTo(sorted(ranked.rows()));
        assertThat(perClass(filtered.rows())).isEqualTo(Map.of(0, 20L, 1, 13L, 3, 20L));
        assertThat(filtered.rowsByGroup()).isEqualTo(ranked.rowsByGroup())
                .isEqualTo(Map.of("0", 20L, "1", 13L, "3", 20L));
    }

    @Test
    void aTieAtTheCutFallsBackToTheRankingAndStillKeepsTheQuota() {
        StoredSample sample = new StoredSample(LocalSpark.session(), 7);
        Dataset<Row> once = rows("2026-01-01", new int[] {0}, 10, 1);
        // every row twice: equal content gives equal priority, so any cut inside the group falls on a tie
        Dataset<Row> candidates = sample.candidates(Optional.empty(), once.union(once));
        Column group = col(TrainingRows.LABEL).cast("int");
        LowestPriorities lowest = sample.lowest(candidates, group, 5);

        assertThat(lowest.cutIsExact("0", 5)).isFalse();
        DrawnSample drawn = sample.keepLowest(candidates, lowest, group, Map.of("0", 5L));

        assertThat(drawn.filteredFrom()).as("the ranking path ran").isZero();
        assertThat(drawn.rows().count()).isEqualTo(5);
        assertThat(drawn.rowsByGroup()).isEqualTo(Map.of("0", 5L));
    }
}
