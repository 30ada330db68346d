package ai.continual.job.strategy;

import ai.continual.job.data.ExampleRow;
import ai.continual.job.train.RowToDataSet;
import ai.continual.model.NetworkBytes;
import ai.continual.strategy.DiagonalFisher;
import java.util.Iterator;
import java.util.List;
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

    /** The Fisher sum over about {@code samples} rows of {@code rows} (which hold {@code available} rows). */
    public static DiagonalFisher.Sum estimate(JavaSparkContext sc, MultiLayerNetwork network, Dataset<Row> rows,
                                              long available, RowToDataSet toDataSet, int samples, long seed) {
        if (available <= 0) {
            return DiagonalFisher.Sum.empty();
        }
        double fraction = Math.min(1.0, samples * 1.1 / available);
        Dataset<Row> sample = fraction >= 1.0 ? rows : rows.sample(false, fraction, seed);
        Broadcast<byte[]> model = sc.broadcast(NetworkBytes.of(network));
        DiagonalFisher.Sum sum = ExampleRow.of(sample.limit(samples))
                .mapPartitions(it -> List.of(DiagonalFisher.accumulate(NetworkBytes.network(model.value()),
                        new MappedIterator(it, toDataSet))).iterator())
                .fold(DiagonalFisher.Sum.empty(), DiagonalFisher.Sum::merge);
        model.destroy();
        return sum;
    }

    /** Rows turned into one-example DataSets lazily, so a partition is never materialised. */
    private record MappedIterator(Iterator<ExampleRow> rows, RowToDataSet toDataSet) implements Iterator<DataSet> {
        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public DataSet next() {
            return toDataSet.call(rows.next());
        }
    }
}
