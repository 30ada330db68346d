package ai.continual.job.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.row_number;

import ai.continual.config.ReplayConfig;
import ai.continual.config.ReplaySampling;
import ai.continual.config.Task;
import ai.continual.replay.ReplayAllocation;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Draws the replay sample from historical training rows on Spark: class-balanced (quotas from
 * {@link ReplayAllocation}, a stratified {@code sampleBy}, then an exact per-class trim) or uniform.
 * Only per-class counts reach the driver.
 */
public final class ReplaySampler {

    /** Oversampling before the exact trim, so that sampleBy's randomness rarely leaves a class short. */
    private static final double OVERSAMPLE = 1.2;

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
     * are already known (a stored reservoir's manifest records them), which spares the counting job. For a
     * regression or uniform draw only their sum is used.
     */
    public Dataset<Row> sample(Dataset<Row> history, long target, Optional<Map<Integer, Long>> rowsPerClass) {
        if (target <= 0) {
            return history.limit(0);
        }
        if (task == Task.REGRESSION || config.sampling() == ReplaySampling.UNIFORM) {
            return uniform(history, target, rowsPerClass.map(c -> c.values().stream().mapToLong(Long::longValue).sum())
                    .orElseGet(history::count));
        }
        Map<Integer, Long> available = new HashMap<>();
        if (rowsPerClass.isPresent()) {
            rowsPerClass.get().forEach((label, rows) -> {
                if (rows > 0) {
                    available.put(label, rows);
                }
            });
        } else {
            available.putAll(TrainingRows.labelCounts(history));
        }
        Map<Integer, Long> quotas = ReplayAllocation.classBalanced(available, target);
        Map<Object, Double> fractions = new HashMap<>();
        quotas.forEach((label, quota) -> fractions.put((double) label,
                Math.min(1.0, (quota * OVERSAMPLE + 10) / available.get(label))));
        Dataset<Row> stratified = history.stat().sampleBy(TrainingRows.LABEL, fractions, seed);
        StringBuilder quotaCase = new StringBuilder("CASE");
        quotas.forEach((label, quota) -> quotaCase.append(" WHEN label = ").append(label).append(" THEN ").append(quota));
        quotaCase.append(" ELSE 0 END");
        return stratified
                .withColumn("_rank", row_number().over(Window.partitionBy(TrainingRows.LABEL).orderBy(rand(seed))))
                .where(col("_rank").leq(org.apache.spark.sql.functions.expr(quotaCase.toString())))
                .drop("_rank");
    }

    private Dataset<Row> uniform(Dataset<Row> history, long target, long available) {
        if (available == 0) {
            return history;
        }
        double fraction = Math.min(1.0, (target * OVERSAMPLE + 10) / available);
        return history.sample(false, fraction, seed).orderBy(rand(seed)).limit((int) Math.min(target, Integer.MAX_VALUE));
    }
}
