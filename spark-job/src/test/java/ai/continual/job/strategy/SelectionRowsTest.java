package ai.continual.job.strategy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.job.TestData;
import ai.continual.job.data.ReplayComposition;
import ai.continual.job.data.TrainingRows;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The selection split's one counting pass gives what separate counts of each side would, and a candidate's share
 * of its rows stays within its budget and draws from every source of a union.
 */
class SelectionRowsTest {

    private static final SelectionRows SPLIT = new SelectionRows(0.2, 42);

    /** 900 past rows over two dates: class 0 on 2025-12-30, the others on 2025-12-31. */
    private static Dataset<Row> pastRows() {
        return TestData.internalRows(900, 2).withColumn(TrainingRows.DATE,
                when(col(TrainingRows.LABEL).equalTo(0), lit("2025-12-30")).otherwise(lit("2025-12-31")));
    }

    @Test
    void oneCountGivesEachSideOfTheSplitPerClassAsSeparateCountsDo() {
        Dataset<Row> newRows = TestData.internalRows(600, 1);
        Dataset<Row> past = pastRows();

        SelectionRows.Counts counts = SPLIT.count(newRows, Optional.of(past), true);

        assertThat(counts.newTraining()).isEqualTo(TrainingRows.labelCounts(SPLIT.training(newRows)));
        assertThat(counts.replayTraining()).isEqualTo(TrainingRows.labelCounts(SPLIT.training(past)));
        Map<String, Map<Integer, Long>> selection = ReplayComposition.countByDateAndLabel(
                SPLIT.selection(newRows).union(SPLIT.selection(past)), true);
        assertThat(counts.selectionByDate()).isEqualTo(selection)
                .containsOnlyKeys("2025-12-30", "2025-12-31", "2026-01-01");
        assertThat(counts.newTrainingRows()).isEqualTo(SPLIT.training(newRows).count()).isBetween(400L, 560L);
    }

    @Test
    void withoutLabelsOrReplayCandidatesEveryRowCountsUnderClassZero() {
        Dataset<Row> newRows = TestData.internalRows(300, 3);

        SelectionRows.Counts counts = SPLIT.count(newRows, Optional.empty(), false);

        assertThat(counts.newTraining()).containsOnlyKeys(0).containsEntry(0, SPLIT.training(newRows).count());
        assertThat(counts.replayTraining()).isEmpty();
        assertThat(counts.selectionByDate()).containsOnlyKeys("2026-01-01");
        assertThat(counts.selectionByDate().get("2026-01-01")).containsOnlyKeys(0)
                .containsEntry(0, SPLIT.selection(newRows).count());
    }

    @Test
    void aShareStaysWithinItsBudgetDrawsFromEverySourceAndIsTheSameOnARerun() {
        // 1100 new rows first, 100 past rows last: a limit after a larger sample would drop the past rows.
        Dataset<Row> rows = TestData.internalRows(1100, 4).union(pastRows().limit(100));
        for (long keep : new long[] {40, 600, 1100}) {
            AutoUpdate.Share share = AutoUpdate.share(rows, 1200, keep, 7);

            assertThat(share.rowCount()).isEqualTo(share.rows().count()).isLessThanOrEqualTo(keep)
                    .isGreaterThanOrEqualTo(keep / 3);
        }
        AutoUpdate.Share share = AutoUpdate.share(rows, 1200, 600, 7);
        long past = share.rows().where(col(TrainingRows.DATE).notEqual("2026-01-01")).count();
        assertThat(past).as("past rows in a share of about 44 % of the rows (about 44 expected)").isBetween(25L, 65L);
        assertThat(new HashSet<>(share.rows().collectAsList()))
                .isEqualTo(new HashSet<>(AutoUpdate.share(rows, 1200, 600, 7).rows().collectAsList()));
    }
}
