package ai.continual.job.replay;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.config.Task;
import ai.continual.job.LocalSpark;
import ai.continual.job.TestData;
import ai.continual.job.data.TrainingRows;
import ai.continual.provenance.StoredArtifact;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayReservoirTest {

    @TempDir
    Path tmp;

    /** Rows of {@code classes} in the job's internal layout, dated {@code date}. */
    static Dataset<Row> rows(String date, int[] classes, int perClass, long seed) {
        SparkSession spark = LocalSpark.session();
        return spark.createDataFrame(TestData.blobs(date, classes, perClass, seed), TestData.SCHEMA)
                .selectExpr("'" + date + "' AS " + TrainingRows.DATE,
                        "CAST(features AS array<double>) AS " + TrainingRows.FEATURES,
                        "CAST(label AS double) AS " + TrainingRows.LABEL,
                        "false AS " + TrainingRows.HOLDOUT);
    }

    static Map<Integer, Long> perClass(Dataset<Row> rows) {
        Map<Integer, Long> counts = new HashMap<>();
        for (Row row : rows.groupBy(TrainingRows.LABEL).count().collectAsList()) {
            counts.put((int) row.getDouble(0), row.getLong(1));
        }
        return counts;
    }

    private static Set<String> keys(Dataset<Row> rows) {
        return rows.select(StoredSample.PRIORITY).collectAsList().stream()
                .map(r -> String.valueOf(r.getLong(0))).collect(Collectors.toSet());
    }

    @Test
    void staysWithinCapacityAndSharesItEquallyOverEveryClassSeen() {
        ReplayReservoir reservoir = new ReplayReservoir(LocalSpark.session(), Task.CLASSIFICATION, 40, 7);

        DrawnSample day1 = reservoir.update(Optional.empty(), rows("2026-01-01", new int[] {0, 1}, 50, 1));
        Dataset<Row> afterDay1 = day1.rows();
        assertThat(perClass(afterDay1)).containsExactlyInAnyOrderEntriesOf(Map.of(0, 20L, 1, 20L));
        assertThat(day1.rowsByGroup()).isEqualTo(Map.of("0", 20L, "1", 20L));

        DrawnSample day2 = reservoir.update(Optional.of(afterDay1), rows("2026-01-02", new int[] {2, 3}, 50, 2));
        Dataset<Row> afterDay2 = day2.rows();
        assertThat(perClass(afterDay2)).containsExactlyInAnyOrderEntriesOf(Map.of(0, 10L, 1, 10L, 2, 10L, 3, 10L));
        assertThat(day2.rowsByGroup()).isEqualTo(Map.of("0", 10L, "1", 10L, "2", 10L, "3", 10L));
        assertThat(afterDay2.where(TrainingRows.DATE + " = '2026-01-01'").count()).isEqualTo(20);
    }

    @Test
    void mergingDayByDayKeepsTheSameRowsAsSamplingAllHistoryAtOnce() {
        ReplayReservoir reservoir = new ReplayReservoir(LocalSpark.session(), Task.CLASSIFICATION, 30, 7);
        Dataset<Row> day1 = rows("2026-01-01", new int[] {0, 1, 2}, 40, 1);
        Dataset<Row> day2 = rows("2026-01-02", new int[] {0, 1, 2}, 40, 2);
        Dataset<Row> day3 = rows("2026-01-03", new int[] {0, 1, 2}, 40, 3);

        Dataset<Row> incremental = reservoir.update(Optional.of(reservoir.update(Optional.of(
                reservoir.update(Optional.empty(), day1).rows()), day2).rows()), day3).rows();
        Dataset<Row> atOnce = reservoir.update(Optional.empty(), day1.union(day2).union(day3)).rows();

        assertThat(keys(incremental)).hasSize(30).isEqualTo(keys(atOnce));
        assertThat(incremental.select(TrainingRows.DATE).distinct().count()).as("every day is represented").isEqualTo(3);
    }

    @Test
    void writtenReservoirRoundTripsWithItsCountsForTheManifest() {
        SparkSession spark = LocalSpark.session();
        ReplayReservoir reservoir = new ReplayReservoir(spark, Task.CLASSIFICATION, 12, 7);
        DrawnSample sample = reservoir.update(Optional.empty(), rows("2026-01-01", new int[] {0, 1, 2}, 10, 1));
        String version = tmp.resolve("000001").toUri().toString();

        StoredArtifact artifact = reservoir.write(sample, version);

        assertThat(artifact.name()).isEqualTo(ReplayReservoir.NAME);
        assertThat(artifact.rows()).isEqualTo(12);
        assertThat(artifact.rowsByGroup()).containsExactlyInAnyOrderEntriesOf(Map.of("0", 4L, "1", 4L, "2", 4L));
        assertThat(artifact.bytes()).isPositive();
        Dataset<Row> back = spark.read().parquet(version + "/" + artifact.file());
        assertThat(keys(back)).hasSize(12).isEqualTo(keys(sample.rows()));
        assertThat(perClass(back)).containsExactlyInAnyOrderEntriesOf(Map.of(0, 4L, 1, 4L, 2, 4L));
        assertThat(ReplayReservoir.rows(back).columns()).containsExactly(TrainingRows.DATE, TrainingRows.FEATURES,
                TrainingRows.LABEL, TrainingRows.HOLDOUT);
    }

    @Test
    void holdoutSampleKeepsAFixedNumberOfRowsPerDate() {
        HoldoutSample holdout = new HoldoutSample(LocalSpark.session(), 15, 7);
        Dataset<Row> after1 = holdout.update(Optional.empty(), rows("2026-01-01", new int[] {0, 1}, 20, 1)).rows();
        Dataset<Row> after2 = holdout.update(Optional.of(after1), rows("2026-01-02", new int[] {2}, 10, 2)).rows();

        Map<String, Long> perDate = new HashMap<>();
        for (Row row : after2.groupBy(TrainingRows.DATE).count().collectAsList()) {
            perDate.put(row.getString(0), row.getLong(1));
        }
        assertThat(perDate).containsExactlyInAnyOrderEntriesOf(Map.of("2026-01-01", 15L, "2026-01-02", 10L));
        assertThat(List.of(after2.columns())).contains(StoredSample.PRIORITY);
    }

    @Test
    void nothingHeldOutGivesAnEmptySampleThatStillWrites() {
        HoldoutSample holdout = new HoldoutSample(LocalSpark.session(), 15, 7);
        DrawnSample empty = holdout.update(Optional.empty(), rows("2026-01-01", new int[] {0}, 5, 1).limit(0));

        StoredArtifact artifact = holdout.write(empty, tmp.resolve("000001").toUri().toString());

        assertThat(artifact.rows()).isZero();
        assertThat(artifact.rowsByGroup()).isEmpty();
    }
}
