package ai.continual.job.replay;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import ai.continual.config.ReplayConfig;
import ai.continual.config.ReplaySampling;
import ai.continual.config.Task;
import ai.continual.replay.ReplayAllocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Draws the replay sample from historical training rows on Spark: class-balanced (quotas from
 * {@link ReplayAllocation}) or uniform (one group), each group a uniform draw of exactly its quota.
 *
 * <p>Each row gets a key, a hash of its whole content seeded with the draw's seed, and each group keeps its
 * quota of lowest keys, the way a {@link StoredSample} keeps its rows: one pass finds each group's cut (only
 * the lowest keys reach the driver), then the sample is a filter of the candidates, with no shuffle, so every
 * later use of it (its composition, training, the auto strategy's candidates) reads the candidates in their
 * partitions again instead of ranking them. Rows of equal content get equal keys; only when such a tie falls on a
 * group's cut are the rows under the cut ranked by a window instead. A hash rather than {@code rand}: two queries
 * over the same rows must agree on each row's key, and {@code rand} is not evaluated alike in plans of different
 * shapes.
 */
public final class ReplaySampler {

    /** The one group of a uniform (or regression) draw: {@code lit(0)} as a string. */
    private static final String UNIFORM_GROUP = "0";

    private final ReplayConfig config;
    private final Task task;
    private final long seed;

    public ReplaySampler(ReplayConfig config, Task task, long seed) {
        this.config = config;
        this.task = task;
        this.seed = seed;
    }

    /** Up to {@code target} rows of {@code history}, in the same layout. */
    public Dataset<Row> sample(Dataset<Row> history, long target) {
        return sample(history, target, Optional.empty());
    }

    /**
     * As {@link #sample(Dataset, long)}, with {@code rowsPerClass} the rows of {@code history} per class when they
     * are already known (a stored reservoir's manifest records them); then the pass that finds the cuts keeps only
     * as many keys per class as the largest quota. For a regression or uniform draw only their sum is used.
     */
    public Dataset<Row> sample(Dataset<Row> history, long target, Optional<Map<Integer, Long>> rowsPerClass) {
        if (target <= 0) {
            return history.limit(0);
        }
        boolean balanced = task == Task.CLASSIFICATION && config.sampling() == ReplaySampling.CLASS_BALANCED;
        Column group = balanced ? col(ai.continual.job.data.TrainingRows.LABEL).cast("int") : lit(0);
        Optional<Map<String, Long>> knownQuotas = rowsPerClass.map(known -> {
            Map<String, Long> available = new TreeMap<>();
            known.forEach((label, rows) -> available.merge(balanced ? String.valueOf(label) : UNIFORM_GROUP, rows,
                    Long::sum));
            return quotas(available, target, balanced);
        });
        // Each group's cut lies at its quota-th lowest key: no group needs more keys than the largest quota.
        long bound = knownQuotas.map(q -> q.values().stream().mapToLong(Long::longValue).max().orElse(1))
                .orElse(target);
        Dataset<Row> keyed = history.withColumn(StoredSample.PRIORITY, key(history));
        StoredSample draw = new StoredSample(history.sparkSession(), seed);
        LowestPriorities lowest = draw.lowest(keyed, group, (int) Math.min(Integer.MAX_VALUE - 1, Math.max(1, bound)));
        Map<String, Long> quotas = knownQuotas.orElseGet(() -> quotas(lowest.counts(), target, balanced));
        return StoredSample.withoutPriority(draw.keepLowest(keyed, lowest, group, quotas).rows());
    }

    /** Per group (a class index, or the one uniform group), how many of its {@code available} rows to draw. */
    private static Map<String, Long> quotas(Map<String, Long> available, long target, boolean balanced) {
        Map<String, Long> quotas = new TreeMap<>();
        if (balanced) {
            Map<Integer, Long> byClass = new TreeMap<>();
            available.forEach((label, rows) -> {
                if (rows > 0) {
                    byClass.put(Integer.valueOf(label), rows);
                }
            });
            ReplayAllocation.classBalanced(byClass, target).forEach((label, q) -> quotas.put(String.valueOf(label), q));
        } else {
            available.forEach((only, rows) -> quotas.put(only, Math.min(rows, target)));
        }
        return quotas;
    }

    /** A row's key: a hash of all its columns, seeded with this draw's seed (and apart from a stored priority). */
    private Column key(Dataset<Row> history) {
        List<Column> columns = new ArrayList<>(List.of(lit(seed), lit("replay-draw")));
        for (String name : history.columns()) {
            columns.add(col(name));
        }
        return xxhash64(columns.toArray(Column[]::new));
    }
}
