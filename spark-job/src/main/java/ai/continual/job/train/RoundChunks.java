package ai.continual.job.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.nd4j.linalg.dataset.DataSet;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * The minibatches of a fit laid out for data larger than executor memory: one Spark partition per worker and
 * averaging round (partition {@code round * workers + worker}) holding that round's minibatches as ONE element,
 * persisted serialised on local disk only: this layout is chosen when the minibatches would take more than half of
 * the free storage memory, and keeping part of them as serialised blocks on the heap crowds out the heap that the
 * fit and the readers need. A round's job reads only its own blocks, so no round
 * re-reads the minibatches of earlier rounds, and nothing is recomputed when memory runs out (with one block
 * per worker, a serialised block could only be skipped through by reading it). The layout is built by one
 * shuffle while the first round runs; rows per worker and round are the same as the in-memory layout's, so
 * both train the same parameters.
 */
final class RoundChunks {

    private static final ClassTag<List<DataSet>> CHUNK = ClassTag$.MODULE$.apply(List.class);

    private final JavaRDD<List<DataSet>> chunks;
    private final CollectionAccumulator<long[]> built;
    private final int workers;

    private RoundChunks(JavaRDD<List<DataSet>> chunks, CollectionAccumulator<long[]> built, int workers) {
        this.chunks = chunks;
        this.built = built;
        this.workers = workers;
    }

    /**
     * Lays out {@code perWorker} (minibatches of {@code batchSize}, one partition per worker) as round chunks of
     * {@code frequency} minibatches. {@code examplesHint} bounds the rounds (0 = count the examples first, one
     * extra pass).
     */
    static RoundChunks build(JavaSparkContext sc, JavaRDD<DataSet> perWorker, int workers, int batchSize,
                             int frequency, long examplesHint) {
        long examples = examplesHint > 0 ? examplesHint
                : perWorker.map(batch -> (long) batch.numExamples()).fold(0L, Long::sum);
        long perRound = (long) batchSize * frequency;
        // Partitions are unevenly filled when coalescing: any worker may hold up to all rows.
        int maxRounds = (int) Math.max(1, (examples + perRound - 1) / perRound);
        CollectionAccumulator<long[]> built = sc.sc().collectionAccumulator("round chunks per worker");
        JavaRDD<List<DataSet>> chunks = perWorker.mapPartitionsWithIndex((worker, batches) -> {
                    List<Tuple2<Integer, List<DataSet>>> out = new ArrayList<>();
                    long[] counts = {worker, 0, 0};
                    while (batches.hasNext()) {
                        List<DataSet> chunk = new ArrayList<>(frequency);
                        while (chunk.size() < frequency && batches.hasNext()) {
                            DataSet batch = batches.next();
                            counts[2] += batch.numExamples();
                            chunk.add(batch);
                        }
                        out.add(new Tuple2<>((int) counts[1] * workers + worker, chunk));
                        counts[1]++;
                    }
                    built.add(counts);
                    return out.iterator();
                }, false)
                .mapToPair(t -> t)
                .partitionBy(new ChunkPartitioner(workers * maxRounds))
                .values()
                .persist(StorageLevel.DISK_ONLY());
        return new RoundChunks(chunks, built, workers);
    }

    /** The minibatches of {@code round}, one partition per worker (partition index = worker). */
    JavaRDD<DataSet> round(int round) {
        PartitionPruningRDD<List<DataSet>> pruned = PartitionPruningRDD.create(chunks.rdd(), new InRound(round, workers));
        return JavaRDD.fromRDD(pruned, CHUNK).flatMap(List::iterator);
    }

    /** Rounds per epoch: the most chunks any worker built (known once the first round ran). */
    int rounds() {
        return (int) latestPerWorker().stream().mapToLong(c -> c[1]).max().orElse(0);
    }

    /** Examples per epoch (known once the first round ran). */
    long examples() {
        return latestPerWorker().stream().mapToLong(c -> c[2]).sum();
    }

    void release() {
        chunks.unpersist(false);
    }

    /** One count per worker (a retried task reports again with the same counts). */
    private List<long[]> latestPerWorker() {
        long[][] byWorker = new long[workers][];
        for (long[] c : built.value()) {
            byWorker[(int) c[0]] = c;
        }
        List<long[]> out = new ArrayList<>();
        for (long[] c : byWorker) {
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /** Chunk key k goes to partition k. */
    static final class ChunkPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int partitions;

        ChunkPartitioner(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ChunkPartitioner p && p.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }

    /** Keeps the partitions of one round. */
    static final class InRound extends AbstractFunction1<Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int round;
        private final int workers;

        InRound(int round, int workers) {
            this.round = round;
            this.workers = workers;
        }

        @Override
        public Object apply(Object partition) {
            return (Integer) partition / workers == round;
        }
    }
}
