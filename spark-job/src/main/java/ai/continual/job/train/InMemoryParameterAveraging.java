package ai.continual.job.train;

import ai.continual.config.TrainingConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parameter averaging over Spark without DL4J's TrainingMaster: the minibatches are built inside each
 * partition once and kept in executor memory, and each averaging round is ONE Spark job that sends the
 * current parameters and updater state (a broadcast of two float arrays), lets every partition's worker fit its
 * next {@code averagingFrequency} minibatches, and sums the workers' parameters and updater states back
 * ({@code reduce}). Each executor keeps one initialised network per partition for the run, so a round does
 * not rebuild networks from JSON. DL4J's path costs seconds per round (exported files re-read, networks
 * rebuilt, several Spark jobs); see docs/performance.md and docs/benchmarks.md for the measurements.
 *
 * <p>Workers return their arrays as floats; averages are taken in double precision, so a parameter every worker
 * left unchanged (a frozen layer) comes back bit-identical. Above {@link #DRIVER_FAN_IN} workers the sum runs as
 * a tree on the executors. With {@code spill} the minibatches are laid out one serialised block per worker and
 * round ({@link RoundChunks}) for data larger than executor memory. Each round reports to {@link TrainingProgress}.
 * See docs/performance.md.
 */
final class InMemoryParameterAveraging {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryParameterAveraging.class);
    /** Most worker results the driver sums itself each round (see {@link #aggregationDepth}). */
    static final int DRIVER_FAN_IN = 8;

    private final JavaSparkContext sc;
    private final TrainingConfig config;
    private final int workers;
    private final int threadsPerWorker;

    InMemoryParameterAveraging(JavaSparkContext sc, TrainingConfig config, int workers, int threadsPerWorker) {
        this.sc = sc;
        this.config = config;
        this.workers = workers;
        this.threadsPerWorker = threadsPerWorker;
    }

    /**
     * Fits {@code network} on {@code minibatches} (one partition per worker, each worker's minibatches in
     * order); with {@code spill} they are kept serialised on local disk, in one block per worker and round
     * ({@link RoundChunks}), else as objects in executor memory.
     */
    MultiLayerNetwork fit(MultiLayerNetwork network, JavaRDD<DataSet> minibatches, TrainingProgress progress,
                          boolean spill, long examplesHint) {
        int frequency = config.averagingFrequency();
        JavaRDD<DataSet> batches = spill ? null : minibatches.persist(StorageLevel.MEMORY_ONLY());
        RoundChunks chunks = spill
                ? RoundChunks.build(sc, minibatches, workers, config.batchSize(), frequency, examplesHint) : null;
        try {
            String run = UUID.randomUUID().toString();
            String json = network.getLayerWiseConfigurations().toJson();
            float[] params = network.params().dup().data().asFloat();
            INDArray updaterView = network.getUpdater().getStateViewArray();
            float[] updater = updaterView == null ? new float[0] : updaterView.dup().data().asFloat();
            int iteration = network.getLayerWiseConfigurations().getIterationCount();
            double score = Double.NaN;
            int rounds = -1;
            long examplesPerEpoch = 0;
            if (!spill) {
                List<long[]> perWorkerCounts = batches.mapPartitions(it -> {
                    long[] n = new long[2];
                    while (it.hasNext()) {
                        n[0]++;
                        n[1] += it.next().numExamples();
                    }
                    return List.of(n).iterator();
                }).collect();
                long maxBatches = perWorkerCounts.stream().mapToLong(n -> n[0]).max().orElse(0);
                examplesPerEpoch = perWorkerCounts.stream().mapToLong(n -> n[1]).sum();
                rounds = (int) ((maxBatches + frequency - 1) / frequency);
                LOG.info("In-memory parameter averaging: {} workers, {} examples, minibatches per worker {}, {} rounds"
                        + " per epoch", workers, examplesPerEpoch, perWorkerCounts.stream().map(n -> n[0]).toList(), rounds);
            }
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                long examplesThisEpoch = 0;
                for (int round = 0; rounds < 0 || round < rounds; round++) {
                    Broadcast<WorkerState> state = sc.broadcast(new WorkerState(params, updater, iteration));
                    // Named in Spark's UI (and for listeners): which of the run's jobs are training rounds.
                    sc.setJobDescription(String.format(Locale.ROOT, "%s: epoch %d/%d, averaging round %d/%s",
                            DistributedTrainer.ROUND_JOB, epoch, config.epochs(), round + 1,
                            rounds < 0 ? "?" : String.valueOf(rounds)));
                    RoundSum sum;
                    try {
                        sum = (spill ? chunks.round(round)
                                : batches.mapPartitionsWithIndex(new Skip<>(round * frequency), false))
                                .mapPartitionsWithIndex(
                                        new RoundFunction(run, json, state, frequency, threadsPerWorker), false)
                                .treeAggregate(new RoundSum(), RoundSum::add, RoundSum::add, aggregationDepth());
                    } finally {
                        sc.setJobDescription(null);
                    }
                    state.destroy();
                    if (rounds < 0) {
                        // The spill layout's first round built the chunks; their counts are known from here on.
                        rounds = chunks.rounds();
                        examplesPerEpoch = chunks.examples();
                        LOG.info("Spilling parameter averaging: {} workers, {} examples, {} rounds per epoch, minibatches"
                                + " kept serialised on local disk, one block per worker and round", workers,
                                examplesPerEpoch, rounds);
                    }
                    if (sum.workers > 0) {
                        params = sum.meanParams();
                        updater = sum.meanUpdater();
                        iteration += sum.maxIterations;
                        score = sum.score / sum.workers;
                        examplesThisEpoch += sum.examples;
                    }
                    progress.roundDone(round + 1, Math.max(rounds, 1), examplesThisEpoch, examplesPerEpoch);
                }
                progress.epochDone(score);
                LOG.info("Epoch {}/{} done in {} ms", epoch, config.epochs(), (System.nanoTime() - epochStart) / 1_000_000);
            }
            network.setParams(Nd4j.createFromArray(params).reshape(1, params.length).castTo(network.params().dataType()));
            if (updaterView != null) {
                updaterView.assign(Nd4j.createFromArray(updater).reshape(updaterView.shape()).castTo(updaterView.dataType()));
            }
            network.getLayerWiseConfigurations().setIterationCount(iteration);
            return network;
        } finally {
            if (batches != null) {
                batches.unpersist(false);
            }
            if (chunks != null) {
                chunks.release();
            }
            releaseWorkerNetworks();
        }
    }

    /**
     * Depth of the sum over the workers: 1 (every worker's result straight to the driver) up to
     * {@link #DRIVER_FAN_IN} workers, else 2, so executors add their results in groups first and the driver
     * receives about the square root of the workers' results instead of all of them.
     */
    int aggregationDepth() {
        return workers <= DRIVER_FAN_IN ? 1 : 2;
    }

    /** Best effort: a failure here must not hide the fit's own exception (executors drop them on the next run). */
    private void releaseWorkerNetworks() {
        try {
            sc.parallelize(Collections.nCopies(workers, 0), workers).foreach(x -> WorkerNetworks.clear());
        } catch (RuntimeException e) {
            LOG.warn("Could not release the workers' cached networks: {}", e.getMessage());
        }
    }

    /** Drops the first {@code n} minibatches of each partition (those of earlier rounds). */
    static final class Skip<T>
            implements org.apache.spark.api.java.function.Function2<Integer, Iterator<T>, Iterator<T>> {
        private static final long serialVersionUID = 1L;
        private final int n;

        Skip(int n) {
            this.n = n;
        }

        @Override
        public Iterator<T> call(Integer partition, Iterator<T> items) {
            for (int i = 0; i < n && items.hasNext(); i++) {
                items.next();
            }
            return items;
        }
    }

    /** What the driver sends each round. */
    static final class WorkerState implements Serializable {
        private static final long serialVersionUID = 1L;
        final float[] params;
        final float[] updater;
        final int iteration;

        WorkerState(float[] params, float[] updater, int iteration) {
            this.params = params;
            this.updater = updater;
            this.iteration = iteration;
        }
    }

    /**
     * Sum of the workers' results of one round (a plain class: Kryo cannot build records). A worker's own result
     * travels as floats (half the bytes of doubles, the precision the network has); sums are kept in double, so a
     * parameter every worker left unchanged averages back bit-identical.
     */
    static final class RoundSum implements Serializable {
        private static final long serialVersionUID = 1L;
        float[] workerParams;
        float[] workerUpdater;
        double[] params;
        double[] updater;
        double score;
        int workers;
        int maxIterations;
        long examples;

        RoundSum() {}

        RoundSum(float[] params, float[] updater, double score, int iterations, long examples) {
            this.workerParams = params;
            this.workerUpdater = updater;
            this.examples = examples;
            this.score = score;
            this.workers = 1;
            this.maxIterations = iterations;
        }

        RoundSum add(RoundSum other) {
            if (other.workers == 0) {
                return this;
            }
            if (workers == 0) {
                return other;
            }
            toSums();
            addInto(params, other.params, other.workerParams);
            addInto(updater, other.updater, other.workerUpdater);
            score += other.score;
            workers += other.workers;
            examples += other.examples;
            maxIterations = Math.max(maxIterations, other.maxIterations);
            return this;
        }

        float[] mean(double[] sums) {
            float[] out = new float[sums.length];
            for (int i = 0; i < sums.length; i++) {
                out[i] = (float) (sums[i] / workers);
            }
            return out;
        }

        /** The averaged parameters. */
        float[] meanParams() {
            toSums();
            return mean(params);
        }

        /** The averaged updater state. */
        float[] meanUpdater() {
            toSums();
            return mean(updater);
        }

        private void toSums() {
            if (params == null) {
                params = toDouble(workerParams);
                updater = toDouble(workerUpdater);
                workerParams = null;
                workerUpdater = null;
            }
        }

        private static void addInto(double[] sums, double[] otherSums, float[] otherValues) {
            if (otherSums != null) {
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += otherSums[i];
                }
            } else {
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += otherValues[i];
                }
            }
        }

        private static double[] toDouble(float[] values) {
            double[] out = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = values[i];
            }
            return out;
        }
    }

    /** One worker's part of one round: fit its next minibatches from the broadcast state. */
    static final class RoundFunction
            implements org.apache.spark.api.java.function.Function2<Integer, Iterator<DataSet>, Iterator<RoundSum>> {
        private static final long serialVersionUID = 1L;
        private final String run;
        private final String json;
        private final Broadcast<WorkerState> state;
        private final int take;
        private final int threads;

        RoundFunction(String run, String json, Broadcast<WorkerState> state, int take, int threads) {
            this.run = run;
            this.json = json;
            this.state = state;
            this.take = take;
            this.threads = threads;
        }

        @Override
        public Iterator<RoundSum> call(Integer partition, Iterator<DataSet> batches) {
            if (!batches.hasNext()) {
                return Collections.singletonList(new RoundSum()).iterator();
            }
            WorkerThreadsHook.apply(threads);
            WorkerState s = state.value();
            MultiLayerNetwork net = WorkerNetworks.get(run, partition, json);
            net.setParams(Nd4j.createFromArray(s.params).reshape(1, s.params.length).castTo(net.params().dataType()));
            INDArray view = net.getUpdater().getStateViewArray();
            if (view != null) {
                view.assign(Nd4j.createFromArray(s.updater).reshape(view.shape()).castTo(view.dataType()));
            }
            net.getLayerWiseConfigurations().setIterationCount(s.iteration);
            int fitted = 0;
            long examples = 0;
            while (fitted < take && batches.hasNext()) {
                DataSet batch = batches.next();
                net.fit(batch);
                examples += batch.numExamples();
                fitted++;
            }
            float[] params = net.params().data().asFloat();
            float[] updater = view == null ? new float[0] : view.data().asFloat();
            return Collections.singletonList(new RoundSum(params, updater, net.score(), fitted, examples)).iterator();
        }
    }

    /** The initialised networks of the current run in this executor JVM, one per partition. */
    static final class WorkerNetworks {
        private static final Map<String, MultiLayerNetwork> NETWORKS = new ConcurrentHashMap<>();

        private WorkerNetworks() {}

        static MultiLayerNetwork get(String run, int partition, String json) {
            NETWORKS.keySet().removeIf(key -> !key.startsWith(run + "/"));
            return NETWORKS.computeIfAbsent(run + "/" + partition, key -> {
                MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
                net.init();
                return net;
            });
        }

        static void clear() {
            NETWORKS.clear();
        }
    }
}
