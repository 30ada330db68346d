package ai.continual.job.replay;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.when;

import ai.continual.config.Task;
import ai.continual.job.data.TrainingRows;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.functions;
import scala.Tuple2;

/**
 * The lowest priorities of one partition's valid rows for the two samples stored with a version: per class of its
 * training rows for the {@link ReplayReservoir}, per date of its held-out rows for the {@link HoldoutSample}. They are
 * aggregated in the pass that validates the partition, which reads every row anyway, so drawing the samples reads the
 * new rows once (to write the kept ones) instead of twice (once more to find the cuts). The same numbers as
 * {@link StoredSample#lowest} over the same rows.
 */
public final class PartitionPriorities implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String PRIORITY = "_sample_priority";

    private final LowestPriorities training;
    private final LowestPriorities heldOut;

    private PartitionPriorities(LowestPriorities training, LowestPriorities heldOut) {
        this.training = training;
        this.heldOut = heldOut;
    }

    LowestPriorities training() {
        return training;
    }

    LowestPriorities heldOut() {
        return heldOut;
    }

    /**
     * The partition's valid training rows per class (classification), as the validation pass counted them: the new
     * rows' labels without a pass of their own (for {@code replay.ratio = auto}).
     */
    public Map<Integer, Long> trainingRowsPerClass() {
        Map<Integer, Long> perClass = new TreeMap<>();
        training.counts().forEach((group, rows) -> perClass.put(Integer.parseInt(group), rows));
        return perClass;
    }

    /**
     * What to aggregate: the samples' seed ({@code seed}), the reservoir's capacity, the held-out rows kept per date
     * and the task (the reservoir's groups are the classes, one group for regression).
     */
    public record Spec(long seed, int reservoirSize, int heldOutPerDate, Task task) implements Serializable {

        /** {@code rows} in the {@link TrainingRows} layout with each row's priority added, for {@link #columns}. */
        public Dataset<Row> withPriority(Dataset<Row> rows) {
            return rows.withColumn(PRIORITY, StoredSample.priority(seed));
        }

        /**
         * The two aggregates over rows of {@link #withPriority}, for the pass that validates them; {@code valid} is
         * the SQL condition of a row that passes the data contract.
         */
        public Column[] columns(String valid) {
            Column trainingGroup = when(expr("NOT " + TrainingRows.HOLDOUT + " AND " + valid),
                    ReplayReservoir.group(task).cast("string"));
            Column heldOutGroup = when(expr(TrainingRows.HOLDOUT + " AND " + valid), col(TrainingRows.DATE).cast("string"));
            return new Column[] {
                    lowest(reservoirSize).apply(trainingGroup, col(PRIORITY)),
                    lowest(heldOutPerDate).apply(heldOutGroup, col(PRIORITY))};
        }

        /** The aggregates of {@link #columns}, found at {@code first} and the next field of {@code stats}. */
        public PartitionPriorities of(Row stats, int first) {
            return new PartitionPriorities(LowestPriorities.fromBytes((byte[]) stats.get(first)),
                    LowestPriorities.fromBytes((byte[]) stats.get(first + 1)));
        }

        private static org.apache.spark.sql.expressions.UserDefinedFunction lowest(int bound) {
            return functions.udaf(new Lowest(bound), Encoders.tuple(Encoders.STRING(), Encoders.LONG()));
        }
    }

    /** {@link LowestPriorities} as a Spark aggregate of (group, priority); rows of a null group are skipped. */
    private static final class Lowest extends Aggregator<Tuple2<String, Long>, LowestPriorities, byte[]> {
        private static final long serialVersionUID = 1L;
        private final int bound;

        Lowest(int bound) {
            this.bound = bound;
        }

        @Override
        public LowestPriorities zero() {
            return new LowestPriorities(bound);
        }

        @Override
        public LowestPriorities reduce(LowestPriorities buffer, Tuple2<String, Long> row) {
            if (row._1() != null) {
                buffer.add(row._1(), row._2());
            }
            return buffer;
        }

        @Override
        public LowestPriorities merge(LowestPriorities a, LowestPriorities b) {
            return a.merge(b);
        }

        @Override
        public byte[] finish(LowestPriorities buffer) {
            return buffer.toBytes();
        }

        @Override
        public Encoder<LowestPriorities> bufferEncoder() {
            return Encoders.javaSerialization(LowestPriorities.class);
        }

        @Override
        public Encoder<byte[]> outputEncoder() {
            return Encoders.BINARY();
        }
    }
}
