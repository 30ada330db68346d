package ai.continual.job.replay;

import static org.apache.spark.sql.functions.col;

import ai.continual.job.data.TrainingRows;
import ai.continual.provenance.StoredArtifact;
import ai.continual.provenance.VersionManifest;
import ai.continual.store.ModelStore;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Up to {@code data.stored-holdout-rows} held-out rows of every partition date seen, stored with each
 * version: an update evaluates past dates on this bounded sample instead of re-reading every partition,
 * so evaluation, like replay, costs the same whatever the length of history.
 */
public final class HoldoutSample {

    /** Artifact name and folder of the sample inside a version folder. */
    public static final String NAME = "holdout-sample";

    private final StoredSample sample;
    private final int rowsPerDate;

    public HoldoutSample(SparkSession spark, int rowsPerDate, long seed) {
        this.sample = new StoredSample(spark, seed);
        this.rowsPerDate = rowsPerDate;
    }

    /** The sample stored with {@code parent}, if it has one (versions written before it existed do not). */
    public Optional<Dataset<Row>> stored(ModelStore store, VersionManifest parent) {
        return sample.stored(store, parent, NAME);
    }

    /** The previous sample (or history's held-out rows) merged with {@code newHeldOut}, per date capped. */
    public DrawnSample update(Optional<Dataset<Row>> previous, Dataset<Row> newHeldOut) {
        return update(previous, newHeldOut, null);
    }

    /**
     * As {@link #update(Optional, Dataset)}; {@code newLowest}, when not null, are the lowest priorities of
     * {@code newHeldOut} per date (aggregated when they were validated), so the draw reads them only to write the kept.
     */
    DrawnSample update(Optional<Dataset<Row>> previous, Dataset<Row> newHeldOut, LowestPriorities newLowest) {
        Dataset<Row> candidates = sample.candidates(previous, newHeldOut);
        LowestPriorities lowest = sample.lowest(previous, candidates, newLowest, col(TrainingRows.DATE), rowsPerDate);
        Map<String, Long> available = lowest.counts();
        Map<String, Long> quotas = new TreeMap<>();
        available.keySet().forEach(date -> quotas.put(date, (long) rowsPerDate));
        return sample.keepLowest(candidates, lowest, col(TrainingRows.DATE), quotas);
    }

    /** Writes {@code rows} into the (uncommitted) version folder; the manifest lists the result. */
    public StoredArtifact write(DrawnSample rows, String versionLocation) {
        return sample.write(rows, versionLocation, NAME);
    }

    /** Evaluation rows from {@code stored}, in the partitions' column layout. */
    public static Dataset<Row> rows(Dataset<Row> stored) {
        return StoredSample.withoutPriority(stored);
    }
}
