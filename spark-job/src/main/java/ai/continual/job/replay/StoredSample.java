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

    /** Above this many candidates, writing a filtered sample as one file shuffles the kept rows to one task. */
    static final long SINGLE_TASK_CANDIDATES = 100_000;

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
        return layout(rows.withColumn(PRIORITY, priority(seed)));
    }

    /** A row's priority: a hash of its content seeded with {@code seed}, over rows in the {@link TrainingRows} layout. */
    static Column priority(long seed) {
        return priority(seed, col(TrainingRows.DATE), col(TrainingRows.FEATURES), col(TrainingRows.LABEL));
    }

    /** The priority of a row of {@code date}, {@code features} ({@code array<double>}) and {@code label}. */
    static Column priority(long seed, Column date, Column features, Column label) {
        return xxhash64(lit(seed), date, features, label);
    }

    /** The sample called {@code name} stored with {@code version}, with priorities, if it has one. */
    Optional<Dataset<Row>> stored(ModelStore store, VersionManifest version, String name) {
        return version.artifact(name).map(a -> read(store.artifactLocation(version, a), a));
    }

    /**
     * {@code previous} (a stored sample or historical rows) and {@code newRows}, with priorities. Not cached: the
     * new rows come from the update's cached partition and the previous sample is small, so a draw reads no
     * partition files; with the new rows' cuts from their validation pass ({@link PartitionPriorities}) it reads
     * the new rows once, to write the kept ones, else twice ({@link #lowest}, then {@link #keepLowest}'s write).
     */
    Dataset<Row> candidates(Optional<Dataset<Row>> previous, Dataset<Row> newRows) {
        Dataset<Row> candidates = withPriority(newRows);
        return previous.map(p -> withPriority(p).union(candidates)).orElse(candidates);
    }

    /**
     * {@link #lowest(Dataset, Column, int)} over {@code candidates}, i.e. {@code previous} and the new rows, when
     * {@code newRows} is null; else {@code newRows} are the new rows' lowest priorities, computed in the pass that
     * validated them, and only {@code previous} (a stored sample, or history) is read.
     */
    LowestPriorities lowest(Optional<Dataset<Row>> previous, Dataset<Row> candidates, LowestPriorities newRows,
                            Column group, int bound) {
        if (newRows == null) {
            return lowest(candidates, group, bound);
        }
        return previous.map(p -> lowest(withPriority(p), group, bound)).orElseGet(() -> new LowestPriorities(bound))
                .merge(newRows);
    }

    /**
     * One pass over {@code rows}: per value of {@code group}, its row count and its {@code bound} lowest priorities.
     * Only these (at most {@code bound} numbers per group and partition) reach the driver.
     */
    LowestPriorities lowest(Dataset<Row> rows, Column group, int bound) {
        return lowest(rows, group, col(PRIORITY), bound);
    }

    /** As {@link #lowest(Dataset, Column, int)}, of {@code priority}: a 64-bit column of {@code rows}. */
    static LowestPriorities lowest(Dataset<Row> rows, Column group, Column priority, int bound) {
        return rows.select(group.cast("string").as("_group"), priority).toJavaRDD()
                .mapPartitions(it -> {
                    LowestPriorities part = new LowestPriorities(bound);
                    while (it.hasNext()) {
                        Row row = it.next();
                        part.add(String.valueOf(row.get(0)), row.getLong(1));
                    }
                    return java.util.List.of(part.compact()).iterator();
                })
                .fold(new LowestPriorities(bound), LowestPriorities::merge);
    }

    /**
     * Per value of {@code group}, the {@code quotas.get(value)} rows of lowest priority among {@code candidates}.
     * When no group has two rows of equal priority at its cut (the usual case: priorities are 64-bit hashes), the
     * thresholds from {@code lowest} select exactly the quota of each group, so a filter is the whole draw: no
     * shuffle, no ranking. With a tie at some cut (e.g. duplicate rows) the cut keeps too many rows of that group,
     * and {@link #keepLowestByRank} ranks the rows under the cuts instead.
     */
    DrawnSample keepLowest(Dataset<Row> candidates, LowestPriorities lowest, Column group, Map<String, Long> quotas) {
        boolean exact = quotas.entrySet().stream().allMatch(q -> lowest.cutIsExact(q.getKey(), q.getValue()));
        if (!exact) {
            return keepLowestByRank(candidates, lowest, group, quotas);
        }
        StringBuilder cuts = new StringBuilder();
        quotas.forEach((value, n) -> {
            if (n > 0) {
                cuts.append(" WHEN _group = '").append(sqlString(value)).append("' THEN ")
                        .append(lowest.threshold(value, n).stream().mapToObj(t -> PRIORITY + " <= " + t)
                                .findFirst().orElse("true"));
            }
        });
        String keep = cuts.isEmpty() ? "false" : "CASE" + cuts + " ELSE false END";
        Dataset<Row> kept = candidates.withColumn("_group", group.cast("string"))
                .where(org.apache.spark.sql.functions.expr(keep))
                .drop("_group");
        return new DrawnSample(kept, drawnCounts(lowest, quotas), candidateRows(lowest));
    }

    /**
     * {@link #keepLowest} by ranking: the priority thresholds cut the candidates to about the sample's size, then
     * a window ranks each group's rows under its cut (a shuffle and sort of those rows only) and keeps the quota.
     * Used when a cut falls on a tie; the same rows as {@link #keepLowest} otherwise.
     */
    DrawnSample keepLowestByRank(Dataset<Row> candidates, LowestPriorities lowest, Column group,
                                 Map<String, Long> quotas) {
        StringBuilder cuts = new StringBuilder();
        quotas.forEach((value, n) -> lowest.threshold(value, n).ifPresent(t -> cuts.append(" WHEN _group = '")
                .append(sqlString(value)).append("' THEN ").append(PRIORITY).append(" <= ").append(t)));
        String cut = cuts.isEmpty() ? "true" : "CASE" + cuts + " ELSE true END";
        Dataset<Row> underCuts = candidates.withColumn("_group", group.cast("string"))
                .where(org.apache.spark.sql.functions.expr(cut));
        return new DrawnSample(lowestByRank(underCuts, "_group", PRIORITY, quotas).drop("_group"),
                drawnCounts(lowest, quotas), 0);
    }

    /**
     * Per value of the string column {@code group}, the {@code quotas.get(value)} rows of {@code rows} of lowest
     * {@code key}, ranked by a window (a shuffle and sort of {@code rows}; ties broken as the sort meets them).
     */
    static Dataset<Row> lowestByRank(Dataset<Row> rows, String group, String key, Map<String, Long> quotas) {
        StringBuilder quota = new StringBuilder("CASE");
        quotas.forEach((value, n) -> quota.append(" WHEN ").append(group).append(" = '").append(sqlString(value))
                .append("' THEN ").append(n));
        quota.append(" ELSE 0 END");
        String limit = quotas.isEmpty() ? "0" : quota.toString();   // no rows at all, e.g. nothing held out
        return rows.withColumn("_rank", row_number().over(Window.partitionBy(group).orderBy(key)))
                .where(col("_rank").leq(org.apache.spark.sql.functions.expr(limit)))
                .drop("_rank");
    }

    private static Map<String, Long> drawnCounts(LowestPriorities lowest, Map<String, Long> quotas) {
        Map<String, Long> counts = new TreeMap<>();
        quotas.forEach((value, n) -> {
            long rows = Math.min(n, lowest.counts().getOrDefault(value, 0L));
            if (rows > 0) {
                counts.put(value, rows);
            }
        });
        return counts;
    }

    private static long candidateRows(LowestPriorities lowest) {
        return lowest.counts().values().stream().mapToLong(Long::longValue).sum();
    }

    private static String sqlString(String value) {
        return value.replace("'", "''");
    }

    /**
     * Writes {@code drawn} as one Parquet folder {@code name} under the pending version's location and describes it
     * for the manifest; the store checksums its files when the version is committed.
     */
    StoredArtifact write(DrawnSample drawn, String versionLocation, String name) {
        Path dir = new Path(versionLocation, name);
        // One file. A filtered sample of few candidates is written by one task reading them all (no shuffle
        // stage); of many, only the kept rows are shuffled to one task, so the candidates are read in parallel.
        Dataset<Row> oneFile = drawn.filteredFrom() > SINGLE_TASK_CANDIDATES ? drawn.rows().repartition(1)
                : drawn.rows().coalesce(1);
        try {
            oneFile.write().mode(SaveMode.ErrorIfExists).parquet(dir.toString());
        } catch (Exception e) {
            if (e instanceof org.apache.spark.sql.AnalysisException && String.valueOf(e.getMessage()).contains("already exists")) {
                throw new CommitConflictException("Another writer is writing the same version: " + dir
                        + " already exists. Nothing was committed; rerun the update.", e);
            }
            throw e instanceof RuntimeException r ? r : new StoreException("Cannot write " + dir + ": " + e.getMessage(), e);
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
