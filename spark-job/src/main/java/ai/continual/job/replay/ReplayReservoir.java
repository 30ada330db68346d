package ai.continual.job.replay;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import ai.continual.config.Task;
import ai.continual.job.data.TrainingRows;
import ai.continual.provenance.StoredArtifact;
import ai.continual.provenance.VersionManifest;
import ai.continual.replay.ReplayAllocation;
import ai.continual.store.ModelStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The class-balanced replay reservoir stored with every version: at most {@code replay.reservoir-size}
 * training rows, split as equally as the classes allow over every class seen so far (one group for
 * regression), each class a uniform sample of all its training rows up to that version. An update reads
 * the parent's reservoir instead of all history, draws its replay rows from it, and stores the reservoir
 * merged with its new partition's training rows.
 */
public final class ReplayReservoir {

    /** Artifact name and folder of the reservoir inside a version folder. */
    public static final String NAME = "reservoir";

    private final StoredSample sample;
    private final Task task;
    private final int capacity;

    public ReplayReservoir(SparkSession spark, Task task, int capacity, long seed) {
        this.sample = new StoredSample(spark, seed);
        this.task = task;
        this.capacity = capacity;
    }

    /** The reservoir stored with {@code parent}, if it has one (versions written before it existed do not). */
    public Optional<Dataset<Row>> stored(ModelStore store, VersionManifest parent) {
        return sample.stored(store, parent, NAME);
    }

    /**
     * The reservoir after seeing {@code newRows}: the lowest-priority rows per class of {@code previous} (a
     * stored reservoir, or historical rows when bootstrapping) and {@code newRows}, within the capacity.
     */
    public DrawnSample update(Optional<Dataset<Row>> previous, Dataset<Row> newRows) {
        return update(previous, newRows, null);
    }

    /**
     * As {@link #update(Optional, Dataset)}; {@code newLowest}, when not null, are the lowest priorities of
     * {@code newRows} per class (aggregated when they were validated), so the draw reads them only to write the kept.
     */
    DrawnSample update(Optional<Dataset<Row>> previous, Dataset<Row> newRows, LowestPriorities newLowest) {
        Dataset<Row> candidates = sample.candidates(previous, newRows);
        LowestPriorities lowest = sample.lowest(previous, candidates, newLowest, group(), capacity);
        Map<String, Long> available = lowest.counts();
        Map<Integer, Long> byIndex = new HashMap<>();
        Map<Integer, String> names = new HashMap<>();
        int i = 0;
        for (Map.Entry<String, Long> entry : available.entrySet()) {
            byIndex.put(i, entry.getValue());
            names.put(i++, entry.getKey());
        }
        Map<String, Long> quotas = new TreeMap<>();
        ReplayAllocation.classBalanced(byIndex, capacity).forEach((index, quota) -> quotas.put(names.get(index), quota));
        return sample.keepLowest(candidates, lowest, group(), quotas);
    }

    /** Writes {@code reservoir} into the (uncommitted) version folder; the manifest lists the result. */
    public StoredArtifact write(DrawnSample reservoir, String versionLocation) {
        return sample.write(reservoir, versionLocation, NAME);
    }

    /** Replay candidates from {@code reservoir}, in the partitions' column layout. */
    public static Dataset<Row> rows(Dataset<Row> reservoir) {
        return StoredSample.withoutPriority(reservoir);
    }

    private Column group() {
        return group(task);
    }

    /** The reservoir's groups: the classes, or one group for regression. */
    static Column group(Task task) {
        return task == Task.CLASSIFICATION ? col(TrainingRows.LABEL).cast("int") : lit(0);
    }
}
