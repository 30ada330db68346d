package ai.continual.job.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.config.ReplayConfig;
import ai.continual.config.ReplaySampling;
import ai.continual.config.ReplaySource;
import ai.continual.config.Task;
import ai.continual.job.LocalSpark;
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

    @Test
    void classBalancedDrawsExactQuotasTheSameRowsForASeedAndOtherRowsForAnother() {
        Dataset<Row> history = history(Map.of(0, 400, 1, 400, 2, 50));
        Set<String> first = ids(new ReplaySampler(BALANCED, Task.CLASSIFICATION, 7).sample(history, 250));
        Set<String> again = ids(new ReplaySampler(BALANCED, Task.CLASSIFICATION, 7).sample(history, 250));
        Set<String> next = ids(new ReplaySampler(BALANCED, Task.CLASSIFICATION, 8).sample(history, 250));

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
        Set<String> first = ids(new ReplaySampler(uniform, Task.CLASSIFICATION, 7).sample(history, 120));
        Set<String> next = ids(new ReplaySampler(uniform, Task.CLASSIFICATION, 8).sample(history, 120));
        assertThat(first).hasSize(120).isEqualTo(ids(new ReplaySampler(uniform, Task.CLASSIFICATION, 7)
                .sample(history, 120)));
        assertThat(next).hasSize(120).isNotEqualTo(first);
    }

    @Test
    void knownRowsPerClassDrawTheSameRowsAsCountingThemAndTheCompositionCountsThem() {
        Dataset<Row> history = history(Map.of(0, 400, 1, 400, 2, 50));
        Dataset<Row> counted = new ReplaySampler(BALANCED, Task.CLASSIFICATION, 7).sample(history, 250);
        Dataset<Row> known = new ReplaySampler(BALANCED, Task.CLASSIFICATION, 7).sample(history, 250,
                java.util.Optional.of(Map.of(0, 400L, 1, 400L, 2, 50L)));

        assertThat(ids(known)).hasSize(250).isEqualTo(ids(counted));
        ReplayComposition composition = ReplayComposition.of(known, Task.CLASSIFICATION);
        assertThat(composition.total()).isEqualTo(250);
        assertThat(composition.perDate()).isEqualTo(Map.of("2026-11-23", 250L));
        assertThat(composition.perClass()).isEqualTo(Map.of(0, 100L, 1, 100L, 2, 50L));
        assertThat(ReplayComposition.of(known, Task.REGRESSION).perClass()).isEmpty();
    }

    /** Training-row layout (date, features, label) with ids in the features' place: "label-index". */
    private static Dataset<Row> history(Map<Integer, Integer> rowsPerClass) {
        List<Row> rows = new ArrayList<>();
        rowsPerClass.forEach((label, n) -> {
            for (int i = 0; i < n; i++) {
                rows.add(RowFactory.create("2026-11-23", label + "-" + i, (double) label));
            }
        });
        StructType schema = new StructType()
                .add(TrainingRows.DATE, DataTypes.StringType, false)
                .add("id", DataTypes.StringType, false)
                .add(TrainingRows.LABEL, DataTypes.DoubleType, false);
        SparkSession spark = LocalSpark.session();
        return spark.createDataFrame(rows, schema).repartition(3);
    }

    private static Set<String> ids(Dataset<Row> sample) {
        return sample.select("id").collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    }

    private static Map<String, Long> perClass(Set<String> ids) {
        return ids.stream().collect(Collectors.groupingBy(id -> id.substring(0, id.indexOf('-')), Collectors.counting()));
    }
}
