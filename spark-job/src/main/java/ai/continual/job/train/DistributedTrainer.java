package ai.continual.job.train;

import ai.continual.config.TrainingConfig;
import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a network on Spark executors with DL4J parameter averaging, warm-started from the given
 * network. Uses the Export approach (pre-batched DataSets written once per epoch, then fitted from
 * their paths) and keeps the updater state across averaging rounds ({@code saveUpdater(true)}),
 * the two settings that make DL4J's Spark path usable (see shared STACK.md).
 */
public final class DistributedTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);

    private final JavaSparkContext sc;
    private final TrainingConfig config;
    private final long seed;

    public DistributedTrainer(JavaSparkContext sc, TrainingConfig config, long seed) {
        this.sc = sc;
        this.config = config;
        this.seed = seed;
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
        int workers = config.workers() > 0 ? config.workers() : sc.defaultParallelism();
        Path exportDir = new Path(exportRoot, "export-" + UUID.randomUUID());
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers, 1)
                .batchSizePerWorker(config.batchSize())
                .averagingFrequency(config.averagingFrequency())
                .workerPrefetchNumBatches(0)
                .rddTrainingApproach(RDDTrainingApproach.Export)
                .exportDirectory(exportDir.toString())
                .saveUpdater(true)
                .rngSeed(seed)
                .build();
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, network, master);
        TrainingProgress progress = new TrainingProgress(config.epochs(), examplesPerEpoch, config.batchSize(),
                workers, config.averagingFrequency());
        sc.sc().addSparkListener(progress);
        try {
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                sparkNet.fit(examples);
                progress.epochDone(sparkNet.getScore());
            }
        } finally {
            sc.sc().removeSparkListener(progress);
            deleteQuietly(exportDir);
        }
        return sparkNet.getNetwork();
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
