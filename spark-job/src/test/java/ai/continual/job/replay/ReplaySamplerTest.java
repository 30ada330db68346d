package ai.continual.job.replay;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.config.ReplayConfig;
import ai.continual.config.ReplaySampling;
import ai.continual.config.ReplaySource;
import ai.continual.config.Task;
import ai.continual.job.LocalSpark;
import ai.continual.job.data.ReplayComposition;
import ai.continual.job.data.TrainingRows;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The replay draw: exact class-balanced quotas, the same rows for the same seed (a rerun replays what the first
 * run did), and other rows for another seed, so that nightly updates drawing with one seed per version see
 * more of the reservoir than the same few rows again and again.
 */
class ReplaySamplerTest {

    private static final ReplayConfig BALANCED = new ReplayConfig(true, ReplaySampling.CLASS_BALANCED, 1.0, false, 10_000,
            ReplaySource.HISTORY, 5000);

    private static final StructType SCHEMA = new StructType()
            .add(TrainingRows.DATE, DataTypes.StringType, false)
            .add("id", DataTypes.StringType, false)
            .add(TrainingRows.LABEL, DataTypes.DoubleType, false);

    @Test
    void classBalancedDrawsExactQuotasTheSameRowsForASeedAndOtherRowsForAnother() {
        Dataset<Row> history = history(Map.of(0, 400, 1, 400, 2, 50));
        Set<String> first = ids(new ReplaySampler(BALANCED, Task.CLASSIFICATION, 7).sample(history, 250).rows());
        Set<String> again = ids(new ReplaySampler(BALANCED, Task.CLASSIFICATION, 7).sample(history, 250).rows());
        Set<String> next = ids(new ReplaySampler(BALANCED, Task.CLASSIFICATION, 8).sample(history, 250).rows());

        assertThat(perClass(first)).containsExactlyInAnyOrderEntriesOf(Map.of("0", 100L, "1", 100L, "2", 50L));
        assertThat(perClass(next)).containsExactlyInAnyOrderEntriesOf(Map.of("0", 100L, "1", 100L, "2", 50L));
        assertThat(again).isEqualTo(first);
        Set<String> shared = new HashSet<>(first);
        shared.retainAll(next);
        // Class 2 is taken whole either way (50 rows); of classes 0 and 1, two draws of 100 from 400 share about 25.
        assertThat(shared.size() - 50).as("rows of classes 0 and 1 both draws took").isLessThan(100);
    }

    @Test
    void uniformDrawsTheTargetTheSameRowsForASeedAndOtherRowsForAnother() {
        ReplayConfig uniform = new ReplayConfig(true, ReplaySampling.UNIFORM, 1.0, false, 10_000, ReplaySource.HISTORY, 5000);
        Dataset<Row> history = history(Map.of(0, 300, 1, 300));
        Set<String> first = ids(new ReplaySampler(uniform, Task.CLASSIFICATION, 7).sample(history, 120).rows());
        Set<String> next = ids(new ReplaySampler(uniform, Task.CLASSIFICATION, 8).sample(history, 120).rows());
        assertThat(first).hasSize(120).isEqualTo(ids(new ReplaySampler(uniform, Task.CLASSIFICATION, 7)
                .sample(history, 120).rows()));
        assertThat(next).hasSize(120).isNotEqualTo(first);
    }

    @Test
    void knownRowsPerClassDrawTheSameRowsAsCountingThemAndTheDrawCountsItsComposition() {
        Dataset<Row> history = history(Map.of(0, 400, 1, 400, 2, 50));
        ReplaySampler.Drawn counted = new ReplaySampler(BALANCED, Task.CLASSIFICATION, 7).sample(history, 250);
        ReplaySampler.Drawn known = new ReplaySampler(BALANCED, Task.CLASSIFICATION, 7).sample(history, 250,
                java.util.Optional.of(Map.of(0, 400L, 1, 400L, 2, 50L)));

        assertThat(ids(known.rows())).hasSize(250).isEqualTo(ids(counted.rows()));
        for (ReplaySampler.Drawn drawn : List.of(counted, known)) {
            // Found by the pass that cut the classes, without a job over the drawn rows: what counting them gives.
            assertThat(drawn.composition()).isEqualTo(ReplayComposition.of(drawn.rows(), Task.CLASSIFICATION));
            assertThat(drawn.composition().perClass()).isEqualTo(Map.of(0, 100L, 1, 100L, 2, 50L));
        }
        assertThat(ReplayComposition.of(known.rows(), Task.REGRESSION).perClass()).isEmpty();
    }

    @Test
    void theCompositionPerDateIsWhatTheDrawnRowsHold() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 900; i++) {   // three dates, classes 0 and 1 on each, class 2 on the last only
            String date = "2026-11-2" + (i % 3);
            int label = i % 3 == 2 && i % 2 == 0 ? 2 : i % 2;
            rows.add(RowFactory.create(date, label + "-" + i, (double) label));
        }
        Dataset<Row> history = LocalSpark.session().createDataFrame(rows, SCHEMA).repartition(4);
        ReplayConfig uniform = new ReplayConfig(true, ReplaySampling.UNIFORM, 1.0, false, 10_000, ReplaySource.HISTORY, 5000);
        for (ReplaySampler.Drawn drawn : List.of(
                new ReplaySampler(BALANCED, Task.CLASSIFICATION, 3).sample(history, 300),
                new ReplaySampler(BALANCED, Task.CLASSIFICATION, 3).sample(history, 2000),
                new ReplaySampler(uniform, Task.CLASSIFICATION, 3).sample(history, 300),
                new ReplaySampler(BALANCED, Task.REGRESSION, 3).sample(history, 300))) {
            Task counted = drawn.composition().perClass().isEmpty() ? Task.REGRESSION : Task.CLASSIFICATION;
            assertThat(drawn.composition()).isEqualTo(ReplayComposition.of(drawn.rows(), counted));
            assertThat(drawn.composition().perDate()).hasSize(3);
        }
    }

    @Test
    void rowsOfEqualContentAtACutStillGiveExactQuotas() {
        // Class 0's 400 rows are one row repeated: every key ties, so the cut cannot tell them apart.
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            rows.add(RowFactory.create("2026-11-23", "0-same", 0.0));
            rows.add(RowFactory.create("2026-11-23", "1-" + i, 1.0));
        }
        Dataset<Row> history = LocalSpark.session().createDataFrame(rows, SCHEMA).repartition(3);
        ReplaySampler.Drawn sample = new ReplaySampler(BALANCED, Task.CLASSIFICATION, 7).sample(history, 250);
        List<Row> drawn = sample.rows().collectAsList();
        assertThat(drawn.stream().filter(r -> r.getDouble(2) == 0.0).count()).isEqualTo(125);
        assertThat(drawn.stream().filter(r -> r.getDouble(2) == 1.0).map(r -> r.getString(1)).distinct().count())
                .isEqualTo(125);
        assertThat(sample.composition().perClass()).isEqualTo(Map.of(0, 125L, 1, 125L));
    }

    @Test
    void theDrawIsAFilterOfTheCandidatesWithNoShuffleOfItsOwn() {
        Dataset<Row> history = history(Map.of(0, 400, 1, 400, 2, 50));
        ReplayConfig uniform = new ReplayConfig(true, ReplaySampling.UNIFORM, 1.0, false, 10_000, ReplaySource.HISTORY, 5000);
        for (Dataset<Row> drawn : List.of(new ReplaySampler(BALANCED, Task.CLASSIFICATION, 7).sample(history, 250).rows(),
                new ReplaySampler(uniform, Task.CLASSIFICATION, 7).sample(history, 250).rows())) {
            // Every use of the sample (its composition, training, auto's candidates) runs this plan again.
            assertThat(exchanges(drawn)).as(drawn.queryExecution().executedPlan().toString())
                    .isEqualTo(exchanges(history));
            assertThat(drawn.columns()).containsExactly(history.columns());
        }
    }

    private static int exchanges(Dataset<Row> rows) {
        return rows.queryExecution().executedPlan().toString().split("Exchange ", -1).length - 1;
    }

    /** Training-row layout (date, features, label) with ids in the features' place: "label-index". */
    private static Dataset<Row> history(Map<Integer, Integer> rowsPerClass) {
        List<Row> rows = new ArrayList<>();
        rowsPerClass.forEach((label, n) -> {
            for (int i = 0; i < n; i++) {
                rows.add(RowFactory.create("2026-11-23", label + "-" + i, (double) label));
            }
        });
        SparkSession spark = LocalSpark.session();
        return spark.createDataFrame(rows, SCHEMA).repartition(3);
    }

    private static Set<String> ids(Dataset<Row> sample) {
        return sample.select("id").collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    }

    private static Map<String, Long> perClass(Set<String> ids) {
        return ids.stream().collect(Collectors.groupingBy(id -> id.substring(0, id.indexOf('-')), Collectors.counting()));
    }
}
