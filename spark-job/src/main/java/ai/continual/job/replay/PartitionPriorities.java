package ai.continual.job.replay;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.when;

import ai.continual.config.Task;
import ai.continual.job.data.TrainingRows;
import java.io.Serializable;
import java.util.Map;
import java.util.Optional;
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
    /** The column of a row's priority in the rows a reader validates and caches ({@link Spec#priority}). */
    public static final String COLUMN = StoredSample.PRIORITY;

    private final LowestPriorities training;
    private final LowestPriorities heldOut;
    /** The valid rows with their priority, read by the samples' draw; driver-side only. */
    private final transient Dataset<Row> rows;
    private final transient Dataset<Row> heldOutRows;

    private PartitionPriorities(LowestPriorities training, LowestPriorities heldOut, Dataset<Row> rows,
                                Dataset<Row> heldOutRows) {
        this.training = training;
        this.heldOut = heldOut;
        this.rows = rows;
        this.heldOutRows = heldOutRows;
    }

    /**
     * These priorities with the rows they were aggregated from: the partition's valid rows and its held-out rows (as
     * every phase reads them, features as {@code array<double>}), each with its priority in {@link #COLUMN}.
     */
    public PartitionPriorities withCandidates(Dataset<Row> validRows, Dataset<Row> heldOutValidRows) {
        return new PartitionPriorities(training, heldOut, validRows, heldOutValidRows);
    }

    /**
     * The partition's valid training rows with the priority they were read with, when the reader kept it (else
     * empty): the reservoir's draw filters them by it, so only the kept rows are decoded in full.
     */
    public Optional<Dataset<Row>> trainingCandidates() {
        return Optional.ofNullable(rows).map(r -> r.where("NOT " + TrainingRows.HOLDOUT));
    }

    /** As {@link #trainingCandidates}, of the held-out rows, for the stored held-out sample. */
    public Optional<Dataset<Row>> heldOutCandidates() {
        return Optional.ofNullable(heldOutRows);
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

        /**
         * A row's priority, named {@link #COLUMN}, from its date, its features as {@code array<double>} and its label:
         * the value {@link StoredSample} gives the row in the {@link TrainingRows} layout.
         */
        public Column priority(Column date, Column features, Column label) {
            return StoredSample.priority(seed, date, features, label).as(COLUMN);
        }

        /**
         * The two aggregates over rows holding {@link #priority}, for the pass that validates them; {@code valid} is
         * the SQL condition of a row that passes the data contract.
         */
        public Column[] columns(String valid) {
            Column trainingGroup = when(expr("NOT " + TrainingRows.HOLDOUT + " AND " + valid),
                    ReplayReservoir.group(task).cast("string"));
            Column heldOutGroup = when(expr(TrainingRows.HOLDOUT + " AND " + valid), col(TrainingRows.DATE).cast("string"));
            return new Column[] {
                    lowest(reservoirSize).apply(trainingGroup, col(COLUMN)),
                    lowest(heldOutPerDate).apply(heldOutGroup, col(COLUMN))};
        }

        /** The aggregates of {@link #columns}, found at {@code first} and the next field of {@code stats}. */
        public PartitionPriorities of(Row stats, int first) {
            return new PartitionPriorities(LowestPriorities.fromBytes((byte[]) stats.get(first)),
                    LowestPriorities.fromBytes((byte[]) stats.get(first + 1)), null, null);
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
