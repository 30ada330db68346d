package ai.continual.job.train;

import ai.continual.config.AveragingEngine;
import ai.continual.config.TrainingConfig;
import ai.continual.job.runtime.StorageMemory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import ai.continual.model.NetworkInputs;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.datavec.spark.util.SerializableHadoopConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.data.BatchAndExportDataSetsFunction;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a network on Spark executors with parameter averaging, warm-started from the given network, in one
 * of two engines ({@code training.parameter-averaging}):
 * <ul>
 *   <li>{@code in-memory} (default, {@link InMemoryParameterAveraging}): minibatches built inside each
 *       partition and kept in executor memory, one Spark job per averaging round, networks kept per executor;
 *   <li>{@code dl4j-export}: DL4J's {@code ParameterAveragingTrainingMaster}; the examples are batched and
 *       written to the export folder ONCE per run, one partition per worker, and every epoch fits those files by
 *       path ({@code fitPaths}) without a repartition per round.
 * </ul>
 * Both keep the updater state across rounds and cap each worker's native threads to the cores of its task slot
 * ({@link #threadsPerWorker()}). The DL4J engine keeps the per-worker partitions of the export (no repartition
 * per round) and loads no minibatches ahead on a second thread; with this class's logger at DEBUG it also
 * collects and logs DL4J's per-phase times of every round. docs/performance.md has the measurements behind
 * these choices.
 */
public final class DistributedTrainer {

    /** The start of the Spark job description of every averaging round of the in-memory engine (Spark's UI). */
    public static final String ROUND_JOB = "parameter averaging";

    private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);
    private static final String TIME_SOURCE_PROPERTY = "org.deeplearning4j.spark.time.TimeSource";

    private final JavaSparkContext sc;
    private final TrainingConfig config;
    private final long seed;

    public DistributedTrainer(JavaSparkContext sc, TrainingConfig config, long seed) {
        this.sc = sc;
        this.config = config;
        this.seed = seed;
    }

    /**
     * The settings {@link #fit} trains with for {@code examplesPerEpoch} training rows: {@code auto} batch size and
     * averaging frequency resolved over this trainer's workers ({@link TrainingConfig#resolved}), the rest as set.
     */
    public TrainingConfig effective(long examplesPerEpoch) {
        return config.hasAuto() ? config.resolved(examplesPerEpoch, workers()) : config;
    }

    /**
     * Fits {@code network} for the configured epochs on {@code examples} (one example per DataSet) and
     * returns the trained network. Exported batches go under {@code exportRoot} and are deleted after.
     */
    public MultiLayerNetwork fit(MultiLayerNetwork network, JavaRDD<DataSet> examples, String exportRoot) {
        return fit(network, examples, 0, exportRoot);
    }

    /**
     * As {@link #fit(MultiLayerNetwork, JavaRDD, String)}; {@code examplesPerEpoch} (0 if unknown) lets the
     * progress log report rows done per averaging round.
     */
    public MultiLayerNetwork fit(MultiLayerNetwork network, JavaRDD<DataSet> examples, long examplesPerEpoch,
                                 String exportRoot) {
        return fit(network, examples, DataSet::merge, examplesPerEpoch, exportRoot);
    }

    /**
     * Fits {@code network} for the configured epochs on {@code rows}, which {@code toBatch} turns into minibatches
     * of the batch size this trainer resolves ({@link #effective}): each worker's rows, in their order, in groups
     * of that size. {@code rowsPerEpoch} (0 if unknown: then counted when {@code auto} settings need it) lets the
     * progress log report rows done per averaging round. Exported batches go under {@code exportRoot} and are
     * deleted after.
     */
    public <T> MultiLayerNetwork fit(MultiLayerNetwork network, JavaRDD<T> rows, Minibatches<T> toBatch,
                                     long rowsPerEpoch, String exportRoot) {
        int workers = workers();
        long examplesHint = rowsPerEpoch;
        TrainingConfig config = this.config;
        if (config.hasAuto()) {
            examplesHint = examplesHint > 0 ? examplesHint : rows.count();
            config = effective(examplesHint);
            LOG.info("training.batch-size = {}, training.averaging-frequency = {} for {} examples over {} workers"
                    + " (auto where not set; docs/performance.md)", config.batchSize(), config.averagingFrequency(),
                    examplesHint, workers);
        }
        int batchSize = config.batchSize();
        JavaRDD<DataSet> minibatches = onePartitionPerWorker(rows, workers)
                .mapPartitions(it -> minibatches(it, batchSize, toBatch));
        Path exportDir = new Path(exportRoot, "export-" + UUID.randomUUID());
        TrainingProgress progress = new TrainingProgress(config.epochs(), rowsPerEpoch, config.batchSize(),
                workers, config.averagingFrequency());
        if (config.engine() == AveragingEngine.IN_MEMORY) {
            boolean spill = spills(config, examplesHint, network);
            return new InMemoryParameterAveraging(sc, config, workers, threadsPerWorker()).fit(network, minibatches,
                    progress, spill, examplesHint);
        }
        sc.sc().addSparkListener(progress);
        try {
            long start = System.nanoTime();
            JavaRDD<String> batches = exportBatches(minibatches, exportDir, workers, config.batchSize());
            LOG.info("Exported training batches to {} in {} ms", exportDir, (System.nanoTime() - start) / 1_000_000);
            boolean phaseTimes = LOG.isDebugEnabled();
            SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, network,
                    trainingMaster(workers, config, phaseTimes));
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                sparkNet.fitPaths(batches);
                LOG.info("Epoch {}/{} done in {} ms", epoch, config.epochs(), (System.nanoTime() - epochStart) / 1_000_000);
                progress.epochDone(sparkNet.getScore());
            }
            if (phaseTimes) {
                LOG.debug("DL4J training phase times:\n{}", sparkNet.getSparkTrainingStats().statsAsString());
            }
            return sparkNet.getNetwork();
        } finally {
            sc.sc().removeSparkListener(progress);
            deleteQuietly(exportDir);
        }
    }

    /**
     * Whether the in-memory engine keeps its minibatches serialised on local disk ({@code training.minibatch-cache}):
     * under {@code auto}, when {@code examples} minibatch rows (the network's inputs and outputs as floats) would
     * take more than half of the free storage memory of the executors (the driver's on local[N]).
     */
    private boolean spills(TrainingConfig config, long examples, MultiLayerNetwork network) {
        switch (config.minibatchCache()) {
            case DISK:
                return true;
            case MEMORY:
                return false;
            default:
                long valuesPerRow = NetworkInputs.flatInputSize(network) + network.layerSize(network.getnLayers() - 1);
                long bytes = examples * valuesPerRow * Float.BYTES;
                long free = StorageMemory.free(sc);
                boolean spill = examples > 0 && bytes > free / 2;
                if (spill) {
                    LOG.info("Minibatches of about {} MB exceed half the executors' free storage memory ({} MB): kept"
                            + " serialised on local disk (training.minibatch-cache = auto)", bytes >> 20, free >> 20);
                }
                return spill;
        }
    }

    /** Parallel workers: the configured number, else Spark's default parallelism (task slots). */
    public int workers() {
        return config.workers() > 0 ? config.workers() : sc.defaultParallelism();
    }

    /**
     * Writes {@code minibatches} (one partition per worker) as DataSet files of {@code batchSize} examples, and
     * returns their paths as an RDD read back from a small text file (so the export never runs twice).
     */
    private JavaRDD<String> exportBatches(JavaRDD<DataSet> minibatches, Path exportDir, int workers, int batchSize) {
        Broadcast<SerializableHadoopConfig> hadoopConf =
                sc.broadcast(new SerializableHadoopConfig(sc.hadoopConfiguration()));
        String dataDir = new Path(exportDir, "batches").toString();
        String listDir = new Path(exportDir, "paths").toString();
        minibatches.mapPartitionsWithIndex(new BatchAndExportDataSetsFunction(batchSize, dataDir, hadoopConf), false)
                .coalesce(workers)
                .saveAsTextFile(listDir);
        hadoopConf.destroy();
        return sc.textFile(listDir, workers);
    }

    /**
     * {@code rows} in exactly {@code workers} partitions. Rows arrive shuffled (the caller orders them
     * randomly), so merging partitions needs no second shuffle.
     */
    static <T> JavaRDD<T> onePartitionPerWorker(JavaRDD<T> rows, int workers) {
        int partitions = rows.getNumPartitions();
        return partitions == workers ? rows : partitions > workers ? rows.coalesce(workers) : rows.repartition(workers);
    }

    /** {@code rows} in order, in minibatches of {@code batchSize} (the last may be smaller), built as they are read. */
    static <T> Iterator<DataSet> minibatches(Iterator<T> rows, int batchSize, Minibatches<T> toBatch) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public DataSet next() {
                List<T> batch = new ArrayList<>(batchSize);
                while (batch.size() < batchSize && rows.hasNext()) {
                    batch.add(rows.next());
                }
                if (batch.isEmpty()) {
                    throw new NoSuchElementException();
                }
                return toBatch.batch(batch);
            }
        };
    }

    private ParameterAveragingTrainingMaster trainingMaster(int workers, TrainingConfig config, boolean phaseTimes) {
        if (phaseTimes && System.getProperty(TIME_SOURCE_PROPERTY) == null) {
            // DL4J's statistics default to an NTP clock that queries pool.ntp.org; the local clock does for one JVM.
            System.setProperty(TIME_SOURCE_PROPERTY, "org.deeplearning4j.spark.time.SystemClockTimeSource");
        }
        ParameterAveragingTrainingMaster.Builder builder =
                new ParameterAveragingTrainingMaster.Builder(workers, config.batchSize())
                        .batchSizePerWorker(config.batchSize())
                        .averagingFrequency(config.averagingFrequency())
                        .workerPrefetchNumBatches(0)
                        .repartionData(Repartition.Never)
                        .saveUpdater(true)
                        .collectTrainingStats(phaseTimes)
                        .rngSeed(seed);
        return builder.trainingHooks(new WorkerThreadsHook(threadsPerWorker())).build();
    }

    /**
     * Native ND4J threads each worker may use: {@code training.worker-threads}, else the cores one task slot
     * owns ({@code spark.task.cpus} on a cluster, cores / slots on local[N]), so that the slots of an
     * executor do not each start a thread per core and oversubscribe it.
     */
    public int threadsPerWorker() {
        if (config.workerThreads() > 0) {
            return config.workerThreads();
        }
        if (sc.master().startsWith("local")) {
            return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, sc.defaultParallelism()));
        }
        return Math.max(1, sc.getConf().getInt("spark.task.cpus", 1));
    }

    private void deleteQuietly(Path dir) {
        try {
            FileSystem fs = dir.getFileSystem(sc.hadoopConfiguration());
            fs.delete(dir, true);
        } catch (IOException e) {
            LOG.warn("Could not delete exported training data at {}: {}", dir, e.getMessage());
        }
    }
}
