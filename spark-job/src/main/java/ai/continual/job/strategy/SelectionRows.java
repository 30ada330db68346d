package ai.continual.job.strategy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;

import ai.continual.job.data.TrainingRows;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The held-out TRAINING rows of an automatic update: a seeded hash of each row's features and label puts a
 * fixed share of the new partition's training rows, and of the replay reservoir, aside to score candidates.
 * No candidate trains on them, and they are never the reported held-out or eval-root rows. The hash makes the
 * split the same on every rerun and in every later update (a reservoir row stays a selection row).
 */
public record SelectionRows(double fraction, long seed) {

    private static final int BUCKETS = 1_000_000;

    /** The rows of {@code rows} kept for training. */
    public Dataset<Row> training(Dataset<Row> rows) {
        return rows.where(inSelection().unary_$bang());
    }

    /** The rows of {@code rows} set aside to score candidates. */
    public Dataset<Row> selection(Dataset<Row> rows) {
        return rows.where(inSelection());
    }

    private Column inSelection() {
        return pmod(hash(col(TrainingRows.FEATURES), col(TrainingRows.LABEL), lit(seed)), lit(BUCKETS))
                .lt(lit((int) Math.round(fraction * BUCKETS)));
    }
}
