package ai.continual.job.replay;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;
import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.config.JobConfig;
import ai.continual.config.Task;
import ai.continual.job.CountingLocalFileSystem;
import ai.continual.job.LocalSpark;
import ai.continual.job.TestData;
import ai.continual.job.data.PartitionLayout;
import ai.continual.job.data.PartitionReader;
import ai.continual.job.data.TrainingRows;
import ai.continual.job.data.ValidatedPartition;
import ai.continual.provenance.StoredArtifact;
import ai.continual.replay.ReplayAllocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stored samples drawn with the new rows' lowest priorities from the pass that validated them: the same rows and
 * the same Parquet bytes as the two-pass draw (a pass to find the cuts, a pass to write), with the new partition's
 * files read once per sample instead of twice, and one Spark job per sample when there is no previous sample.
 */
class OnePassSampleDrawTest {

    static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    static final long SEED = 11;
    static final int CAPACITY = 30;
    static final int HELD_OUT_PER_DATE = 4;

    @TempDir
    Path tmp;

    @Test
    void theDrawWithTheValidationsPrioritiesStoresTheSameRowsAndBytesReadingTheNewRowsOnce() throws Exception {
        SparkSession spark = LocalSpark.session();
        CountingLocalFileSystem.register(spark.sparkContext().hadoopConfiguration());
        Path data = tmp.resolve("data");
        List<Row> rows = new ArrayList<>(TestData.blobs("a", new int[] {0, 1, 2}, 60, 3));
        rows.addAll(TestData.blobs("b", new int[] {3}, 6, 4));   // a class below its share: the others take the rest
        TestData.writePartition(data, DAY, rows, TestData.SCHEMA);
        TestData.writePartition(data, DAY.minusDays(1), TestData.blobs("p", new int[] {0, 1, 4}, 20, 5), TestData.SCHEMA);
        String root = CountingLocalFileSystem.SCHEME + "://" + data.toUri().getPath();
        JobConfig config = TestData.config(data, tmp.resolve("store"), 5, "data.root = \"" + root + "\"\n");
        PartitionLayout layout = new PartitionLayout(root, spark.sparkContext().hadoopConfiguration());
        // A reader that caches nothing: every pass over the new rows opens their files, so the opens count the passes.
        PartitionReader plain = new PartitionReader(spark, config.data(), layout);
        ValidatedPartition current = plain.withSamplePriorities(new PartitionPriorities.Spec(SEED, CAPACITY,
                HELD_OUT_PER_DATE, Task.CLASSIFICATION)).read(DAY, 0);
        ValidatedPartition past = plain.read(DAY.minusDays(1), 0);
        StoredSample sample = new StoredSample(spark, SEED);
        Dataset<Row> previousReservoir = stored(spark, sample.withPriority(past.trainingRows()), "parent-reservoir");
        Dataset<Row> previousHeldOut = stored(spark, sample.withPriority(past.heldOutRows()), "parent-holdout");
        CountingLocalFileSystem.reset();
        current.rows().foreach(row -> { });
        long opensOfOneScan = CountingLocalFileSystem.opensOf("date=" + DAY);   // of one pass over the new rows
        ReplayReservoir reservoir = new ReplayReservoir(spark, Task.CLASSIFICATION, CAPACITY, SEED);
        HoldoutSample holdout = new HoldoutSample(spark, HELD_OUT_PER_DATE, SEED);

        Drawn twoPass = draw(spark, tmp.resolve("two-pass"), () -> List.of(
                reservoir.write(reservoir.update(Optional.of(previousReservoir), current.trainingRows()),
                        tmp.resolve("two-pass").toString()),
                holdout.write(holdout.update(Optional.of(previousHeldOut), current.heldOutRows()),
                        tmp.resolve("two-pass").toString())));
        Drawn onePass = draw(spark, tmp.resolve("one-pass"), () -> List.of(
                reservoir.write(reservoir.update(Optional.of(previousReservoir), current.trainingRows(),
                        current.samplePriorities().training()), tmp.resolve("one-pass").toString()),
                holdout.write(holdout.update(Optional.of(previousHeldOut), current.heldOutRows(),
                        current.samplePriorities().heldOut()), tmp.resolve("one-pass").toString())));
        Drawn firstVersion = draw(spark, tmp.resolve("first"), () -> List.of(
                reservoir.write(reservoir.update(Optional.empty(), current.trainingRows(),
                        current.samplePriorities().training()), tmp.resolve("first").toString()),
                holdout.write(holdout.update(Optional.empty(), current.heldOutRows(),
                        current.samplePriorities().heldOut()), tmp.resolve("first").toString())));

        // The reference, computed here: per class (per date) the quota's lowest priorities among all candidates.
        Dataset<Row> newWithPriority = current.trainingRows()
                .withColumn("p", xxhash64(lit(SEED), col("date"), col("features"), col("label")));
        Map<Integer, Long> available = new TreeMap<>();
        List<Row> all = previousReservoir.select(col("label"), col(StoredSample.PRIORITY).as("p"))
                .union(newWithPriority.select(col("label"), col("p"))).collectAsList();
        all.forEach(r -> available.merge((int) r.getDouble(0), 1L, Long::sum));
        Map<Integer, Long> quotas = ReplayAllocation.classBalanced(available, CAPACITY);
        List<Long> reference = all.stream()
                .sorted(java.util.Comparator.comparingLong(r -> r.getLong(1)))
                .collect(java.util.stream.Collectors.groupingBy(r -> (int) r.getDouble(0), TreeMap::new,
                        java.util.stream.Collectors.toList()))
                .entrySet().stream()
                .flatMap(e -> e.getValue().stream().limit(quotas.get(e.getKey())).map(r -> r.getLong(1)))
                .sorted().toList();
        List<Long> heldOutReference = previousHeldOut.select(col("date"), col(StoredSample.PRIORITY))
                .union(current.heldOutRows().select(col("date"),
                        xxhash64(lit(SEED), col("date"), col("features"), col("label"))))
                .withColumn("_rank", row_number().over(Window.partitionBy("date").orderBy(StoredSample.PRIORITY)))
                .where(col("_rank").leq(HELD_OUT_PER_DATE)).select(StoredSample.PRIORITY)
                .as(org.apache.spark.sql.Encoders.LONG()).collectAsList().stream().sorted().toList();

        assertThat(available.get(3)).as("a class below its share of the capacity")
                .isLessThan((long) CAPACITY / available.size());
        assertThat(available.values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(CAPACITY);
        assertThat(current.heldOutCount()).isGreaterThan(HELD_OUT_PER_DATE);
        assertThat(opensOfOneScan).isPositive();
        // the validation's counts per class, which replay.ratio = auto uses instead of a pass of its own
        assertThat(current.samplePriorities().trainingRowsPerClass())
                .isEqualTo(TrainingRows.labelCounts(current.trainingRows()))
                .containsKeys(0, 1, 2, 3);
        assertThat(priorities(spark, tmp.resolve("one-pass/" + ReplayReservoir.NAME))).hasSize(CAPACITY)
                .isEqualTo(reference);
        assertThat(priorities(spark, tmp.resolve("one-pass/" + HoldoutSample.NAME))).hasSize(2 * HELD_OUT_PER_DATE)
                .isEqualTo(heldOutReference);
        assertThat(onePass.artifacts()).as("rows, rows per group, bytes for the manifest")
                .isEqualTo(twoPass.artifacts());
        assertThat(onePass.checksums()).as("the Parquet files' bytes").isEqualTo(twoPass.checksums()).hasSize(2);
        assertThat(twoPass.opens()).as("the two-pass draws read the new rows' files twice per sample")
                .isEqualTo(4 * opensOfOneScan);
        assertThat(onePass.opens()).as("the one-pass draws read them once per sample").isEqualTo(2 * opensOfOneScan);
        assertThat(twoPass.jobs()).as("Spark jobs: cuts and write per sample").isEqualTo(4);
        assertThat(onePass.jobs()).as("Spark jobs: the previous sample's cuts and the write per sample").isEqualTo(4);
        assertThat(firstVersion.jobs()).as("Spark jobs without a previous sample: the writes").isEqualTo(2);
        assertThat(firstVersion.opens()).isEqualTo(2 * opensOfOneScan);
    }

    private record Drawn(List<StoredArtifact> artifacts, List<String> checksums, int jobs, long opens) {
    }

    /** Runs {@code store} (draws and writes) and counts its Spark jobs and its opens of the new partition's files. */
    private static Drawn draw(SparkSession spark, Path version, Supplier<List<StoredArtifact>> store) throws Exception {
        AtomicInteger jobs = new AtomicInteger();
        SparkListener counter = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                jobs.incrementAndGet();
            }
        };
        spark.sparkContext().listenerBus().waitUntilEmpty();
        CountingLocalFileSystem.reset();
        spark.sparkContext().addSparkListener(counter);
        List<StoredArtifact> artifacts;
        try {
            artifacts = store.get();
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().removeSparkListener(counter);
        }
        long opens = CountingLocalFileSystem.opensOf("date=" + DAY);
        List<String> checksums = new ArrayList<>();
        for (StoredArtifact artifact : artifacts) {
            checksums.add(artifact.name() + " " + partFileSha256(version.resolve(artifact.name())));
        }
        return new Drawn(artifacts, checksums, jobs.get(), opens);
    }

    private static String partFileSha256(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            List<Path> parts = files.filter(p -> p.getFileName().toString().startsWith("part-")).toList();
            assertThat(parts).as("one Parquet file in " + dir).hasSize(1);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(parts.get(0))));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code rows} written as Parquet and read back, as a parent's stored sample is. */
    private Dataset<Row> stored(SparkSession spark, Dataset<Row> rows, String name) {
        String dir = tmp.resolve(name).toString();
        rows.coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(dir);
        return spark.read().parquet(dir);
    }

    private static List<Long> priorities(SparkSession spark, Path dir) {
        return spark.read().parquet(dir.toString()).select(StoredSample.PRIORITY)
                .as(org.apache.spark.sql.Encoders.LONG()).collectAsList().stream().sorted().toList();
    }
}
