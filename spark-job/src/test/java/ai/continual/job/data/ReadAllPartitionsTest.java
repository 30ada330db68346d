package ai.continual.job.data;

import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.continual.config.JobConfig;
import ai.continual.job.LocalSpark;
import ai.continual.job.TestData;
import ai.continual.job.replay.PartitionPriorities;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PartitionReader#readAll}: several partitions validated in one Spark job give what reading them one by one
 * gives (counts, dropped rows, rows, held-out rows, each partition in a cache of its own), and a bad row is still
 * reported with the partition that holds it.
 */
class ReadAllPartitionsTest {

    static final List<LocalDate> DATES = List.of(LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 24),
            LocalDate.of(2026, 11, 25));

    @TempDir
    Path tmp;

    @Test
    void threePartitionsInOneValidationJobGiveWhatThreeReadsGive() throws TimeoutException {
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("data");
        for (int d = 0; d < DATES.size(); d++) {
            List<Row> rows = new ArrayList<>(TestData.blobs("d" + d, new int[] {0, 1, 2}, 20 + 10 * d, d));
            if (d == 1) {   // one row with a NaN feature: dropped under data.invalid-rows = drop
                Float[] bad = new Float[TestData.FEATURES];
                java.util.Arrays.fill(bad, 1f);
                bad[3] = Float.NaN;
                rows.add(RowFactory.create("bad", bad, 1));
            }
            TestData.writePartition(data, DATES.get(d), rows, TestData.SCHEMA);
        }
        JobConfig config = TestData.config(data, tmp.resolve("store"), 3, "data.invalid-rows = drop\n");
        PartitionLayout layout = new PartitionLayout(data.toUri().toString(), spark.sparkContext().hadoopConfiguration());

        Read oneByOne = read(spark, config, layout, reader -> DATES.stream().map(d -> reader.read(d, 0)).toList());
        Read together = read(spark, config, layout, reader -> reader.readAll(DATES, 0));

        assertThat(oneByOne.validationJobs()).as("one validation job per partition").isEqualTo(3);
        assertThat(together.validationJobs()).as("one validation job for all").isEqualTo(1);
        assertThat(together.counts()).isEqualTo(oneByOne.counts())
                .containsExactly("2026-11-23 60 0 " + oneByOne.heldOut(0), "2026-11-24 91 1 " + oneByOne.heldOut(1),
                        "2026-11-25 120 0 " + oneByOne.heldOut(2));
        assertThat(together.training()).isEqualTo(oneByOne.training());
        assertThat(together.heldOutRows()).isEqualTo(oneByOne.heldOutRows());
        assertThat(together.caches()).as("each partition and its held-out rows in caches of their own")
                .isEqualTo(oneByOne.caches()).isEqualTo(6);
    }

    @Test
    void aBadRowInOnePartitionIsReportedWithThatPartition() {
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("data");
        for (int d = 0; d < DATES.size(); d++) {
            List<Row> rows = new ArrayList<>(TestData.blobs("d" + d, new int[] {0, 1}, 10, d));
            if (d == 2) {
                rows.add(RowFactory.create("bad", TestData.blobs("x", new int[] {0}, 1, 9).get(0).get(1), 7));
            }
            TestData.writePartition(data, DATES.get(d), rows, TestData.SCHEMA);
        }
        JobConfig config = TestData.config(data, tmp.resolve("store"), 3, "");
        PartitionLayout layout = new PartitionLayout(data.toUri().toString(), spark.sparkContext().hadoopConfiguration());
        try (PartitionReader reader = PartitionReader.caching(spark, config.data(), layout)) {
            assertThatThrownBy(() -> reader.readAll(DATES, 0)).isInstanceOf(DataContractException.class)
                    .hasMessageStartingWith("Partition date=2026-11-25 (")
                    .hasMessageContaining("1 of 21 rows have a label").hasMessageContaining("the largest is 7");
            assertThatThrownBy(() -> reader.readAll(DATES, 5)).isInstanceOf(DataContractException.class)
                    .hasMessageStartingWith("Partition date=2026-11-23 (")
                    .hasMessageContaining("rows have 8 features but the model takes 5");
        }
    }

    /** What one caching read of {@link #DATES} gave, and how many validation jobs it ran. */
    private record Read(int validationJobs, List<String> counts, List<Long> heldOutCounts, List<String> training,
                        List<String> heldOutRows, long caches) {
        long heldOut(int date) {
            return heldOutCounts.get(date);
        }
    }

    private static Read read(SparkSession spark, JobConfig config, PartitionLayout layout,
                             Function<PartitionReader, List<ValidatedPartition>> reading) throws TimeoutException {
        AtomicInteger jobs = new AtomicInteger();
        SparkListener counter = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                // The validation is the reader's aggregation (each Parquet schema read is a job of its own).
                scala.collection.Iterator<org.apache.spark.scheduler.StageInfo> stages = jobStart.stageInfos().iterator();
                boolean validation = false;
                while (stages.hasNext()) {
                    String name = stages.next().name();
                    validation |= (name.startsWith("first at") || name.startsWith("collectAsList at"))
                            && name.contains("PartitionReader");
                }
                if (validation) {
                    jobs.incrementAndGet();
                }
            }
        };
        org.apache.spark.api.java.JavaSparkContext sc = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(
                spark.sparkContext());
        java.util.Set<Integer> before = new java.util.HashSet<>(sc.getPersistentRDDs().keySet());
        // As an update's reader: it aggregates the stored samples' cuts for the new partition it reads.
        try (PartitionReader reader = PartitionReader.caching(spark, config.data(), layout)
                .withSamplePriorities(new PartitionPriorities.Spec(7, 20, 5, config.data().task()))) {
            spark.sparkContext().addSparkListener(counter);
            List<ValidatedPartition> partitions = reading.apply(reader);
            spark.sparkContext().listenerBus().waitUntilEmpty();
            spark.sparkContext().removeSparkListener(counter);
            List<String> counts = new ArrayList<>();
            List<Long> heldOut = new ArrayList<>();
            List<String> training = new ArrayList<>();
            List<String> heldOutRows = new ArrayList<>();
            for (ValidatedPartition p : partitions) {
                counts.add(p.date() + " " + p.rowsRead() + " " + p.droppedRows() + " " + p.heldOutCount());
                heldOut.add(p.heldOutCount());
                training.add(String.join("\n", json(p.trainingRows())));
                heldOutRows.add(String.join("\n", json(p.heldOutRows())));
            }
            long caches = sc.getPersistentRDDs().keySet().stream().filter(id -> !before.contains(id)).count();
            return new Read(jobs.get(), counts, heldOut, training, heldOutRows, caches);
        }
    }

    private static List<String> json(Dataset<Row> rows) {
        return rows.select(to_json(struct("*"))).as(org.apache.spark.sql.Encoders.STRING()).collectAsList().stream()
                .sorted().toList();
    }
}
