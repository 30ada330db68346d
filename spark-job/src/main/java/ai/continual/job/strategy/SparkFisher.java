package ai.continual.job.strategy;

import ai.continual.job.data.ExampleRow;
import ai.continual.job.train.RowToDataSet;
import ai.continual.model.NetworkBytes;
import ai.continual.strategy.DiagonalFisher;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Estimates the diagonal Fisher information of a network on Spark: the network is broadcast, each
 * executor sums squared per-example gradients over its share of a row sample, and the sums are added.
 */
public final class SparkFisher {

    private SparkFisher() {}

    /**
     * The Fisher sum over at most {@code samples} rows of {@code rows} (which hold {@code available} rows): a seeded
     * sample of them, of which each partition contributes at most its share, {@code samples / partitions}, so that
     * the passes run in as many tasks as {@code rows} has partitions (fewer rows only where a partition holds too
     * few).
     */
    public static DiagonalFisher.Sum estimate(JavaSparkContext sc, MultiLayerNetwork network, Dataset<Row> rows,
                                              long available, RowToDataSet toDataSet, int samples, long seed) {
        if (available <= 0) {
            return DiagonalFisher.Sum.empty();
        }
        // Oversampled, so that a partition's share of the sample rarely falls short of its share of the samples.
        double fraction = Math.min(1.0, samples * 1.5 / available);
        Dataset<Row> sample = fraction >= 1.0 ? rows : rows.sample(false, fraction, seed);
        Broadcast<byte[]> model = sc.broadcast(NetworkBytes.of(network));
        // Each partition takes its share of the samples. Dataset.limit would gather the sample into one partition,
        // and the per-example backward passes would then run in a single task.
        JavaRDD<ExampleRow> sampled = ExampleRow.of(sample);
        int partitions = Math.max(1, sampled.getNumPartitions());
        long perPartition = (samples + partitions - 1) / partitions;
        DiagonalFisher.Sum sum = sampled
                .mapPartitions(it -> List.of(DiagonalFisher.accumulate(NetworkBytes.network(model.value()),
                        new MappedIterator(it, toDataSet, perPartition))).iterator())
                .fold(DiagonalFisher.Sum.empty(), DiagonalFisher.Sum::merge);
        model.destroy();
        return sum;
    }

    /** At most {@code remaining} rows turned into one-example DataSets lazily, so a partition is never materialised. */
    private static final class MappedIterator implements Iterator<DataSet> {
        private final Iterator<ExampleRow> rows;
        private final RowToDataSet toDataSet;
        private long remaining;

        MappedIterator(Iterator<ExampleRow> rows, RowToDataSet toDataSet, long remaining) {
            this.rows = rows;
            this.toDataSet = toDataSet;
            this.remaining = remaining;
        }

        @Override
        public boolean hasNext() {
            return remaining > 0 && rows.hasNext();
        }

        @Override
        public DataSet next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            remaining--;
            return toDataSet.call(rows.next());
        }
    }
}
