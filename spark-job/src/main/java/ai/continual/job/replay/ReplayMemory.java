package ai.continual.job.replay;

import ai.continual.config.JobConfig;
import ai.continual.config.ReplaySource;
import ai.continual.job.data.DataContractException;
import ai.continual.job.data.TrainingRows;
import ai.continual.job.data.ValidatedPartition;
import ai.continual.provenance.InputPartition;
import ai.continual.provenance.StoredArtifact;
import ai.continual.provenance.VersionManifest;
import ai.continual.store.ModelStore;
import ai.continual.store.PendingVersion;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one update remembers of the past, and what it reads to know it. With {@code replay.source =
 * reservoir} and a parent that stored its samples, replay comes from the parent's {@link ReplayReservoir}
 * and past dates are evaluated on its {@link HoldoutSample}: the historical partitions are never read, so
 * the update's cost does not grow with history. They are read (once, lazily) only for
 * {@code replay.source = history}, for a parent stored before reservoirs existed, for the first version of
 * a model whose dataset already has history, or with {@code data.stored-holdout-rows = 0}.
 */
public final class ReplayMemory {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayMemory.class);

    private final JobConfig config;
    private final ModelStore store;
    private final Optional<VersionManifest> parent;
    private final LocalDate date;
    private final Supplier<List<ValidatedPartition>> historyReader;
    private final ReplayReservoir reservoir;
    private final HoldoutSample holdout;
    private final Optional<Dataset<Row>> parentReservoir;
    private final Optional<Dataset<Row>> parentHoldout;
    private List<ValidatedPartition> history;

    /**
     * @param parent manifest of the version this update starts from, if any
     * @param historyReader reads and validates the partitions before {@code date}; called at most once
     */
    public ReplayMemory(SparkSession spark, JobConfig config, ModelStore store, Optional<VersionManifest> parent,
                        LocalDate date, Supplier<List<ValidatedPartition>> historyReader) {
        this.config = config;
        this.store = store;
        this.parent = parent;
        this.date = date;
        this.historyReader = historyReader;
        this.reservoir = new ReplayReservoir(spark, config.data().task(), config.replay().reservoirSize(), config.seed());
        this.holdout = new HoldoutSample(spark, Math.max(1, config.data().storedHoldoutRows()), config.seed());
        this.parentReservoir = parent.flatMap(p -> reservoir.stored(store, p));
        this.parentHoldout = config.data().storedHoldoutRows() > 0
                ? parent.flatMap(p -> holdout.stored(store, p)) : Optional.empty();
        if (parent.isPresent() && parentReservoir.isEmpty()) {
            LOG.info("Version {} of {} has no stored reservoir; this update reads all history once to build one",
                    parent.get().version(), parent.get().model());
        }
    }

    /** Rows to draw replay from: the parent's reservoir or all historical training rows; empty without history. */
    public Optional<Dataset<Row>> replayCandidates() {
        if (config.replay().source() == ReplaySource.RESERVOIR && parentReservoir.isPresent()) {
            return parentReservoir.map(ReplayReservoir::rows);
        }
        return union(history(), ValidatedPartition::trainingRows);
    }

    /** Held-out rows of the dates before this update's: the parent's stored sample, else every partition's. */
    public Optional<Dataset<Row>> pastHeldOut() {
        if (parentHoldout.isPresent()) {
            return parentHoldout.map(rows -> HoldoutSample.rows(rows).where(
                    org.apache.spark.sql.functions.col(ai.continual.job.data.TrainingRows.DATE).notEqual(date.toString())));
        }
        return union(history(), ValidatedPartition::heldOutRows);
    }

    /**
     * Writes the reservoir and the held-out sample of the new version into its folder (before the commit,
     * which writes the manifest last) and returns them for the manifest.
     */
    public List<StoredArtifact> store(PendingVersion pending, ValidatedPartition current) {
        return store(pending, current, false);
    }

    /**
     * As {@link #store(PendingVersion, ValidatedPartition)}; with {@code dropHistory} (the update found the old
     * dates contradicted by the new one) the reservoir keeps only the new partition's rows, so later updates stop
     * replaying the contradicted dates. The held-out sample keeps every date: they are still reported.
     */
    public List<StoredArtifact> store(PendingVersion pending, ValidatedPartition current, boolean dropHistory) {
        String location = pending.location();
        List<StoredArtifact> artifacts = new ArrayList<>();
        Optional<Dataset<Row>> previousReservoir = dropHistory ? Optional.empty()
                : parentReservoir.isPresent() ? parentReservoir : union(history(), ValidatedPartition::trainingRows);
        // The new rows' lowest priorities come from the pass that validated them, when the reader aggregated them.
        Optional<PartitionPriorities> lowest = Optional.ofNullable(current.samplePriorities());
        // The new rows with the priority they were read with, when the reader kept it: the draw filters the cached
        // rows by it and widens only the ones it keeps.
        artifacts.add(reservoir.write(reservoir.update(previousReservoir,
                lowest.flatMap(PartitionPriorities::trainingCandidates).orElseGet(current::trainingRows),
                lowest.map(PartitionPriorities::training).orElse(null)), location));
        if (config.data().storedHoldoutRows() > 0) {
            Optional<Dataset<Row>> previousHoldout = parentHoldout.isPresent() ? parentHoldout
                    : union(history(), ValidatedPartition::heldOutRows);
            artifacts.add(holdout.write(holdout.update(previousHoldout,
                    lowest.flatMap(PartitionPriorities::heldOutCandidates).orElseGet(current::heldOutRows),
                    lowest.map(PartitionPriorities::heldOut).orElse(null)), location));
        }
        return artifacts;
    }

    /** Rows of the parent's stored reservoir when replay draws from it (as its manifest records), else empty. */
    public Optional<Long> parentReservoirRows() {
        if (config.replay().source() != ReplaySource.RESERVOIR || parentReservoir.isEmpty()) {
            return Optional.empty();
        }
        return parent.flatMap(p -> p.artifact(ReplayReservoir.NAME)).map(StoredArtifact::rows);
    }

    /**
     * Rows per class of the parent's stored reservoir when replay draws from it, from its manifest (no scan); empty
     * otherwise, or when the manifest's groups are not classes.
     */
    public Optional<Map<Integer, Long>> parentReservoirRowsPerClass() {
        if (parentReservoirRows().isEmpty() || config.data().task() != ai.continual.config.Task.CLASSIFICATION) {
            return Optional.empty();
        }
        StoredArtifact artifact = parent.flatMap(p -> p.artifact(ReplayReservoir.NAME)).orElseThrow();
        Map<Integer, Long> perClass = new java.util.TreeMap<>();
        try {
            artifact.rowsByGroup().forEach((group, rows) -> perClass.put(Integer.parseInt(group), rows));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        long total = perClass.values().stream().mapToLong(Long::longValue).sum();
        return total == artifact.rows() ? Optional.of(perClass) : Optional.empty();
    }

    /**
     * True when this update must read the historical partitions whatever the replay target: to build the
     * first reservoir or held-out sample, or to evaluate past dates without a stored sample.
     */
    public boolean needsHistory() {
        return parentReservoir.isEmpty() || parentHoldout.isEmpty();
    }

    /**
     * Refuses stored samples of the parent that hold labels the configured output layer cannot (e.g.
     * {@code data.num-classes} lowered after they were stored): names the sample, how many rows and the
     * largest label, instead of an index error deep in training. The reservoir's rows per class are in the
     * parent's manifest, so only the held-out sample (grouped by date) is scanned: one Spark job at most.
     */
    public void checkStoredLabels(int numClasses) {
        Optional<long[]> reservoirBeyond = parentReservoir.isEmpty() ? Optional.empty()
                : parent.flatMap(p -> p.artifact(ReplayReservoir.NAME)).flatMap(a -> beyondByGroup(a, numClasses));
        List<String> names = new ArrayList<>();
        List<Dataset<Row>> scanned = new ArrayList<>();
        if (parentReservoir.isPresent() && reservoirBeyond.isEmpty()) {
            names.add(ReplayReservoir.NAME);
            scanned.add(ReplayReservoir.rows(parentReservoir.get()));
        }
        parentHoldout.ifPresent(rows -> {
            names.add(HoldoutSample.NAME);
            scanned.add(HoldoutSample.rows(rows));
        });
        long[][] beyond = beyond(scanned, numClasses);
        reservoirBeyond.ifPresent(b -> refuse(ReplayReservoir.NAME, b, numClasses));
        for (int i = 0; i < names.size(); i++) {
            refuse(names.get(i), beyond[i], numClasses);
        }
    }

    /**
     * From a reservoir's rows per class in the manifest: {rows with a label >= numClasses, the largest label};
     * empty when the groups are not the classes (so the rows must be scanned).
     */
    private static Optional<long[]> beyondByGroup(StoredArtifact reservoir, int numClasses) {
        long count = 0;
        long largest = -1;
        long total = 0;
        for (Map.Entry<String, Long> group : reservoir.rowsByGroup().entrySet()) {
            long label;
            try {
                label = Long.parseLong(group.getKey());
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            total += group.getValue();
            if (label >= numClasses && group.getValue() > 0) {
                count += group.getValue();
                largest = Math.max(largest, label);
            }
        }
        return total == reservoir.rows() ? Optional.of(new long[] {count, largest}) : Optional.empty();
    }

    /** Per sample of {@code samples}: {rows with a label >= numClasses, the largest label}, in one Spark job. */
    private static long[][] beyond(List<Dataset<Row>> samples, int numClasses) {
        if (samples.isEmpty()) {
            return new long[0][];
        }
        int n = samples.size();
        Dataset<Row> labels = null;
        for (int i = 0; i < n; i++) {
            Dataset<Row> one = samples.get(i).where(functions.col(TrainingRows.LABEL).geq(numClasses))
                    .select(functions.lit(i).as("_sample"), functions.col(TrainingRows.LABEL));
            labels = labels == null ? one : labels.union(one);
        }
        return labels.toJavaRDD().aggregate(new long[n][], (acc, row) -> {
            int i = row.getInt(0);
            long label = (long) row.getDouble(1);
            long[] b = acc[i] == null ? (acc[i] = new long[] {0, -1}) : acc[i];
            b[0]++;
            b[1] = Math.max(b[1], label);
            return acc;
        }, (a, b) -> {
            for (int i = 0; i < a.length; i++) {
                if (a[i] == null) {
                    a[i] = b[i];
                } else if (b[i] != null) {
                    a[i][0] += b[i][0];
                    a[i][1] = Math.max(a[i][1], b[i][1]);
                }
            }
            return a;
        });
    }

    private void refuse(String name, long[] beyond, int numClasses) {
        if (beyond != null && beyond[0] > 0) {
            VersionManifest p = parent.orElseThrow();
            throw new DataContractException("The " + name + " stored with version " + p.version() + " of '"
                    + p.model() + "' in " + store.location() + " has " + beyond[0]
                    + " rows with labels beyond data.num-classes = " + numClasses + " (the largest is "
                    + beyond[1] + "); the model has learnt those classes. Set data.num-classes to at"
                    + " least " + (beyond[1] + 1) + ".");
        }
    }

    /** Reads (once) and returns every historical partition, e.g. for a full retrain. */
    public List<ValidatedPartition> readHistory() {
        return history();
    }

    /** Historical partitions this update read; empty when it needed none. */
    public List<ValidatedPartition> historyRead() {
        return history == null ? List.of() : history;
    }

    /**
     * The parent's stored samples this update read, as inputs for the manifest; the reservoir's entry counts
     * the replay rows it gave (the rows of {@code replayPerDate} from dates this update did not read).
     */
    public List<InputPartition> storedInputs(Map<String, Long> replayPerDate) {
        List<InputPartition> inputs = new ArrayList<>();
        parent.ifPresent(p -> {
            String parentDate = p.summary() == null ? "" : p.summary().date();
            if (parentReservoir.isPresent()) {
                Set<String> readDates = new HashSet<>();
                historyRead().forEach(h -> readDates.add(h.date().toString()));
                long fromReservoir = replayPerDate.entrySet().stream().filter(e -> !readDates.contains(e.getKey()))
                        .mapToLong(Map.Entry::getValue).sum();
                p.artifact(ReplayReservoir.NAME).ifPresent(a -> inputs.add(new InputPartition(ReplayReservoir.NAME,
                        parentDate, store.artifactLocation(p, a), a.rows(), a.bytes(), fromReservoir)));
            }
            if (parentHoldout.isPresent()) {
                p.artifact(HoldoutSample.NAME).ifPresent(a -> inputs.add(new InputPartition(HoldoutSample.NAME,
                        parentDate, store.artifactLocation(p, a), a.rows(), a.bytes(), 0)));
            }
        });
        return inputs;
    }

    private List<ValidatedPartition> history() {
        if (history == null) {
            history = historyReader.get();
        }
        return history;
    }

    private static Optional<Dataset<Row>> union(List<ValidatedPartition> partitions,
                                                Function<ValidatedPartition, Dataset<Row>> rows) {
        return partitions.stream().map(rows).reduce(Dataset::union);
    }
}
