package ai.continual.job.replay;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import ai.continual.job.data.TrainingRows;
import ai.continual.provenance.StoredArtifact;
import ai.continual.provenance.VersionManifest;
import ai.continual.store.ModelStore;
import ai.continual.store.CommitConflictException;
import ai.continual.store.StoreException;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;

/**
 * A bounded sample of rows in the {@link TrainingRows} layout, stored as Parquet inside a version's folder.
 * Every row carries a fixed random priority (a seeded hash of its content); a sample keeps, per group, the
 * rows of lowest priority up to the group's quota. Merging the previous sample with new rows and keeping
 * the lowest priorities again gives the same rows as sampling all rows ever seen, so the sample stays a
 * uniform draw within each group while an update reads only the sample and the new partition.
 */
final class StoredSample {

    /** Column holding each row's priority; lower is kept first. */
    static final String PRIORITY = "_priority";

    private final SparkSession spark;
    private final long seed;

    StoredSample(SparkSession spark, long seed) {
        this.spark = spark;
        this.seed = seed;
    }

    /** {@code rows} in the layout with their priority added (kept if already there). */
    Dataset<Row> withPriority(Dataset<Row> rows) {
        if (java.util.Arrays.asList(rows.columns()).contains(PRIORITY)) {
            return layout(rows);
        }
        return layout(rows.withColumn(PRIORITY, xxhash64(lit(seed), col(TrainingRows.DATE),
                col(TrainingRows.FEATURES), col(TrainingRows.LABEL))));
    }

    /** The sample called {@code name} stored with {@code version}, with priorities, if it has one. */
    Optional<Dataset<Row>> stored(ModelStore store, VersionManifest version, String name) {
        return version.artifact(name).map(a -> read(store.artifactLocation(version, a), a));
    }

    /** {@code previous} (a stored sample or historical rows) and {@code newRows}, with priorities, cached. */
    Dataset<Row> candidates(Optional<Dataset<Row>> previous, Dataset<Row> newRows) {
        Dataset<Row> candidates = withPriority(newRows);
        return cached(previous.map(p -> withPriority(p).union(candidates)).orElse(candidates));
    }

    /** Rows per value of {@code group}; only these counts reach the driver. */
    Map<String, Long> counts(Dataset<Row> rows, Column group) {
        Map<String, Long> counts = new TreeMap<>();
        for (Row row : rows.groupBy(group.as("_group")).count().collectAsList()) {
            counts.put(String.valueOf(row.get(0)), row.getLong(1));
        }
        return counts;
    }

    /**
     * Per value of {@code group}, the {@code quotas.get(value)} rows of lowest priority among {@code candidates}
     * (held in memory until written, so the counts and the selection read the inputs once).
     */
    DrawnSample keepLowest(Dataset<Row> candidates, Map<String, Long> available, Column group, Map<String, Long> quotas) {
        StringBuilder quota = new StringBuilder("CASE");
        quotas.forEach((value, n) -> quota.append(" WHEN _group = '").append(value.replace("'", "''"))
                .append("' THEN ").append(n));
        quota.append(" ELSE 0 END");
        String limit = quotas.isEmpty() ? "0" : quota.toString();   // no rows at all, e.g. nothing held out
        Dataset<Row> kept = candidates.withColumn("_group", group.cast("string"))
                .withColumn("_rank", row_number().over(Window.partitionBy("_group").orderBy(PRIORITY)))
                .where(col("_rank").leq(org.apache.spark.sql.functions.expr(limit)))
                .drop("_rank", "_group");
        Map<String, Long> counts = new TreeMap<>();
        quotas.forEach((value, n) -> {
            long rows = Math.min(n, available.getOrDefault(value, 0L));
            if (rows > 0) {
                counts.put(value, rows);
            }
        });
        return new DrawnSample(kept, counts, candidates);
    }

    /** Candidates kept in memory (spilling to disk) for the two passes of a draw. */
    static Dataset<Row> cached(Dataset<Row> candidates) {
        return candidates.persist(StorageLevel.MEMORY_AND_DISK());
    }

    /**
     * Writes {@code drawn} as one Parquet folder {@code name} under the pending version's location and describes it
     * for the manifest; the store checksums its files when the version is committed.
     */
    StoredArtifact write(DrawnSample drawn, String versionLocation, String name) {
        Path dir = new Path(versionLocation, name);
        try {
            drawn.rows().coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(dir.toString());
        } catch (Exception e) {
            if (e instanceof org.apache.spark.sql.AnalysisException && String.valueOf(e.getMessage()).contains("already exists")) {
                throw new CommitConflictException("Another writer is writing the same version: " + dir
                        + " already exists. Nothing was committed; rerun the update.", e);
            }
            throw e instanceof RuntimeException r ? r : new StoreException("Cannot write " + dir + ": " + e.getMessage(), e);
        } finally {
            drawn.cachedCandidates().unpersist(false);
        }
        long total = drawn.rowsByGroup().values().stream().mapToLong(Long::longValue).sum();
        return new StoredArtifact(name, name, total, bytes(dir), drawn.rowsByGroup());
    }

    private Dataset<Row> read(String location, StoredArtifact artifact) {
        Path dir = new Path(location);
        try {
            return layout(spark.read().parquet(dir.toString()));
        } catch (RuntimeException e) {
            throw new StoreException("Cannot read the stored " + artifact.name() + " at " + dir + ": " + e.getMessage()
                    + ". The version's manifest lists it; restore the folder or set replay.source = history.", e);
        }
    }

    private long bytes(Path dir) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        try {
            FileSystem fs = dir.getFileSystem(conf);
            return fs.getContentSummary(dir).getLength();
        } catch (IOException e) {
            throw new StoreException("Cannot measure " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Dataset<Row> layout(Dataset<Row> rows) {
        return rows.select(col(TrainingRows.DATE), col(TrainingRows.FEATURES), col(TrainingRows.LABEL),
                col(TrainingRows.HOLDOUT), col(PRIORITY));
    }

    /** The rows without their priority, in the exact column order of the partitions' rows. */
    static Dataset<Row> withoutPriority(Dataset<Row> rows) {
        return rows.drop(PRIORITY);
    }
}
