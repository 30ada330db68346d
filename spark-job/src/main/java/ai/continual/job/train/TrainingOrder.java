package ai.continual.job.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The training rows in a seeded random order, already split into one partition per worker of about equal size.
 * A global {@code orderBy(rand)} costs a sampling job on top of its shuffle, and its range partitions (coalesced
 * by adaptive execution) then had to be merged per worker unevenly: one worker got 269 minibatches and the
 * other 122, so every round waited for the larger. Hash-partitioning on the random key gives each worker a
 * uniform random share, and sorting within each partition on the same key gives it a random order.
 */
public final class TrainingOrder {

    private static final String KEY = "_order";

    private TrainingOrder() {}

    /** {@code rows} shuffled with {@code seed} into exactly {@code workers} partitions. */
    public static Dataset<Row> shuffled(Dataset<Row> rows, int workers, long seed) {
        return rows.withColumn(KEY, rand(seed))
                .repartition(workers, col(KEY))
                .sortWithinPartitions(KEY)
                .drop(KEY);
    }
}
