package ai.continual.job.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.xxhash64;
import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.config.JobConfig;
import ai.continual.job.CountingLocalFileSystem;
import ai.continual.job.LocalSpark;
import ai.continual.job.TestData;
import ai.continual.job.replay.PartitionPriorities;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.columnar.InMemoryRelation;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/**
 * A caching reader keeps a partition that is small against the executors' free storage memory serialised on the
 * heap, and a large one on local disk only (a 600 000-row partition cached on the heap up to the whole storage
 * memory left the Parquet reader without heap on a 4 GB driver). Either way the partition's files are opened
 * once, in one Spark job that fills the cache as it validates, the rows are the same, and the held-out rows have
 * a cache of their own. Features read as {@code array<float>} are cached as floats and read back as the doubles
 * a reader without a cache gives.
 */
class PartitionCacheLevelTest {

    static final LocalDate DAY = LocalDate.of(2026, 11, 25);

    @TempDir
    Path tmp;

    @Test
    void aPartitionLargeAgainstFreeStorageMemoryIsCachedOnDiskOnlyReadOnceWithTheSameRows() throws Exception {
        SparkSession spark = LocalSpark.session();
        CountingLocalFileSystem.register(spark.sparkContext().hadoopConfiguration());
        Path data = tmp.resolve("data");
        TestData.writePartition(data, DAY, TestData.blobs("a", new int[] {0, 1, 2}, 50, 1), TestData.SCHEMA);
        String root = CountingLocalFileSystem.SCHEME + "://" + data.toUri().getPath();
        JobConfig config = TestData.config(data, tmp.resolve("store"), 4, "data.root = \"" + root + "\"\n");
        PartitionLayout layout = new PartitionLayout(root, spark.sparkContext().hadoopConfiguration());
        long fileBytes = layout.files(DAY).bytes();
        long opensOfOneScan = CountingLocalFileSystem.opensOfOneScan(spark, root, DAY);

        Read small = read(spark, config, layout, () -> fileBytes * 100);
        Read large = read(spark, config, layout, () -> fileBytes);
        ValidatedPartition fromFiles = new PartitionReader(spark, config.data(), layout).read(DAY, 0);

        assertThat(opensOfOneScan).isPositive();
        assertThat(small.levels()).containsExactly(StorageLevel.MEMORY_AND_DISK_SER());
        assertThat(large.levels()).containsExactly(StorageLevel.DISK_ONLY());
        assertThat(large.opens()).as("file opens with the disk cache").isEqualTo(opensOfOneScan);
        assertThat(small.opens()).as("file opens with the memory cache").isEqualTo(opensOfOneScan);
        // One job reads the files, fills the cache and validates (not one to fill it and one to read it back).
        assertThat(small.validationJobs()).as("Spark jobs of the validation pass").isEqualTo(1);
        assertThat(large.validationJobs()).as("Spark jobs of the validation pass").isEqualTo(1);
        assertThat(large.training()).hasSize(small.training().size()).isEqualTo(small.training());
        assertThat(large.heldOut()).isNotEmpty().isEqualTo(small.heldOut());
        // The files' features are array<float>: cached as floats (half the bytes), read back as the same doubles,
        // held-out flags and all, as a reader that caches nothing reads from the files.
        assertThat(small.cachedFeatures()).containsOnly("array<float>");
        assertThat(large.cachedFeatures()).containsOnly("array<float>");
        assertThat(small.training()).isEqualTo(json(fromFiles.trainingRows()));
        assertThat(small.heldOut()).isEqualTo(json(fromFiles.heldOutRows()));
        assertThat(fromFiles.trainingRows().schema().apply("features").dataType().simpleString())
                .isEqualTo("array<double>");
        try (PartitionReader caching = PartitionReader.caching(spark, config.data(), layout)) {
            assertThat(caching.read(DAY, 0).trainingRows().schema()).isEqualTo(fromFiles.trainingRows().schema());
        }
        assertThat(small.priorities()).as("the stored samples' cuts found in the same pass").isTrue();
        // The samples' draw reads the rows with the priority hashed as they were read (from the doubles, not the
        // cached floats): the same values as hashing the rows a plain reader gives, features widened to doubles.
        assertThat(small.trainingCandidates()).isEqualTo(large.trainingCandidates())
                .isEqualTo(json(withPriority(fromFiles.trainingRows())));
        assertThat(small.heldOutCandidates()).isNotEmpty().isEqualTo(json(withPriority(fromFiles.heldOutRows())));
        assertThat(small.heldOutCachedApart()).as("held-out rows in a cache of their own").isTrue();
        assertThat(large.heldOutCachedApart()).as("held-out rows in a cache of their own").isTrue();
        assertThat(PartitionReader.cacheLevel(1_000, 4_000, "p")).isEqualTo(StorageLevel.MEMORY_AND_DISK_SER());
        assertThat(PartitionReader.cacheLevel(1_001, 4_000, "p")).isEqualTo(StorageLevel.DISK_ONLY());
    }

    /** What one caching read persisted, how often it opened the files, and its rows read twice as an update does. */
    private record Read(List<StorageLevel> levels, long opens, int validationJobs, List<String> training,
                        List<String> heldOut, boolean heldOutCachedApart,
                        boolean priorities, List<String> cachedFeatures, List<String> trainingCandidates,
                        List<String> heldOutCandidates) {
    }

    private static final Column[] CANDIDATE_COLUMNS = {col("date"), col("features"), col("label"), col("holdout"),
            col(PartitionPriorities.COLUMN)};

    /** {@code rows} with the priority the stored samples give them (seed 7, as {@link #read} asks). */
    private static Dataset<Row> withPriority(Dataset<Row> rows) {
        return rows.withColumn(PartitionPriorities.COLUMN, xxhash64(lit(7L), col("date"), col("features"), col("label")))
                .select(CANDIDATE_COLUMNS);
    }

    /** The caches a query over {@code rows} reads (Spark's cached relations among its plan's leaves). */
    private static List<InMemoryRelation> caches(Dataset<Row> rows) {
        return JavaConverters.seqAsJavaList(rows.queryExecution().withCachedData().collectLeaves()).stream()
                .filter(InMemoryRelation.class::isInstance).map(InMemoryRelation.class::cast).toList();
    }

    private static Read read(SparkSession spark, JobConfig config, PartitionLayout layout, LongSupplier freeStorage)
            throws TimeoutException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Map<Integer, ?> before = new HashMap<>(sc.getPersistentRDDs());
        CountingLocalFileSystem.reset();
        AtomicInteger jobs = new AtomicInteger();
        SparkListener counter = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                // The validation is the reader's one first() action (the Parquet schema read is a job of its own).
                if (jobStart.stageInfos().head().name().startsWith("first at")) {
                    jobs.incrementAndGet();
                }
            }
        };
        // As an update reads: the validation also aggregates the stored samples' lowest priorities.
        try (PartitionReader reader = PartitionReader.caching(spark, config.data(), layout, freeStorage)
                .withSamplePriorities(new PartitionPriorities.Spec(7, 20, 5, config.data().task()))) {
            spark.sparkContext().addSparkListener(counter);
            ValidatedPartition partition = reader.read(DAY, 0);
            spark.sparkContext().listenerBus().waitUntilEmpty();
            spark.sparkContext().removeSparkListener(counter);
            List<StorageLevel> levels = sc.getPersistentRDDs().entrySet().stream()
                    .filter(e -> !before.containsKey(e.getKey())).map(e -> e.getValue().getStorageLevel()).toList();
            List<String> training = json(partition.trainingRows());
            List<String> heldOut = json(partition.heldOutRows());
            List<InMemoryRelation> heldOutCaches = caches(partition.heldOutRows());
            List<InMemoryRelation> trainingCaches = caches(partition.trainingRows());
            boolean heldOutCachedApart = heldOutCaches.size() == 1 && trainingCaches.size() == 1
                    && heldOutCaches.get(0).cacheBuilder() != trainingCaches.get(0).cacheBuilder();
            List<String> cachedFeatures = Stream.concat(heldOutCaches.stream(), trainingCaches.stream())
                    .map(cache -> cache.schema().apply("features").dataType().simpleString()).toList();
            PartitionPriorities priorities = partition.samplePriorities();
            return new Read(levels, CountingLocalFileSystem.opensOf("date=" + DAY), jobs.get(), training, heldOut,
                    heldOutCachedApart, priorities != null, cachedFeatures,
                    json(priorities.trainingCandidates().orElseThrow().select(CANDIDATE_COLUMNS)),
                    json(priorities.heldOutCandidates().orElseThrow().select(CANDIDATE_COLUMNS)));
        }
    }

    private static List<String> json(Dataset<Row> rows) {
        return rows.select(to_json(struct("*"))).as(org.apache.spark.sql.Encoders.STRING()).collectAsList().stream()
                .sorted().toList();
    }
}
