package ai.continual.config;

import java.util.Optional;

/**
 * Settings of one distributed training run (DL4J parameter averaging).
 *
 * @param workerThreads native ND4J threads (BLAS and loops) per training worker; 0 = the cores of one task slot
 * @param maxNewRows upper bound on the new partition's training rows per update (a seeded uniform sample of them
 *     trains when the partition is larger); 0 = all. Bounds an update's cost; a retrain always uses every row
 * @param engine how parameter averaging runs on Spark
 * @param batchSize examples per minibatch on each worker; {@link #AUTO} = chosen from the rows per worker
 *     ({@link #resolved})
 * @param averagingFrequency minibatches per worker between two averagings; {@link #AUTO} = chosen likewise
 * @param minibatchCache where the in-memory engine keeps the minibatches between rounds
 * @param initialMaxRows upper bound on version 1's training rows (it has no parent, so {@code maxNewRows} does not
 *     apply to it); 0 = every row of its partition
 * @param updateEpochs epochs of an update that starts from a parent; 0 = {@code epochs}. Version 1 and retrains
 *     (no parent) train {@code epochs}
 * @param maxUpdateExamples most examples (new and replay rows, over all epochs) an update from a parent trains,
 *     spent on distinct rows first ({@link ai.continual.replay.UpdateBudget}); 0 = no such budget
 */
public record TrainingConfig(
        int epochs,
        int batchSize,
        int averagingFrequency,
        String updater,
        double learningRate,
        int workers,
        Optional<String> exportDir,
        int workerThreads,
        long maxNewRows,
        AveragingEngine engine,
        MinibatchCache minibatchCache,
        long initialMaxRows,
        int updateEpochs,
        long maxUpdateExamples) {

    /** {@code batch-size} or {@code averaging-frequency} left to {@link #resolved} ({@code auto} in the config). */
    public static final int AUTO = 0;

    /** Fewest optimizer steps per worker over a run that an {@code auto} batch size above 32 must leave. */
    static final int MIN_AUTO_STEPS = 100;

    /** The settings with the thread count derived from the task slots and every new row trained on. */
    public TrainingConfig(int epochs, int batchSize, int averagingFrequency, String updater, double learningRate,
                          int workers, Optional<String> exportDir) {
        this(epochs, batchSize, averagingFrequency, updater, learningRate, workers, exportDir, 0, 0,
                AveragingEngine.IN_MEMORY);
    }

    /** The settings with the minibatch cache chosen automatically and version 1 trained on its whole partition. */
    public TrainingConfig(int epochs, int batchSize, int averagingFrequency, String updater, double learningRate,
                          int workers, Optional<String> exportDir, int workerThreads, long maxNewRows,
                          AveragingEngine engine) {
        this(epochs, batchSize, averagingFrequency, updater, learningRate, workers, exportDir, workerThreads,
                maxNewRows, engine, MinibatchCache.AUTO, 0, 0, 0);
    }

    /** These settings as an update from a parent trains them: {@code updateEpochs} epochs when set. */
    public TrainingConfig forUpdate() {
        return updateEpochs == 0 ? this : withEpochs(updateEpochs);
    }

    /** These settings training {@code epochs} epochs (an update's plan may choose them within its budget). */
    public TrainingConfig withEpochs(int epochs) {
        return epochs == this.epochs ? this : new TrainingConfig(epochs, batchSize, averagingFrequency, updater,
                learningRate, workers, exportDir, workerThreads, maxNewRows, engine, minibatchCache, initialMaxRows,
                updateEpochs, maxUpdateExamples);
    }

    /**
     * These settings with {@code auto} batch size and averaging frequency chosen for {@code examples} per epoch over
     * {@code workers}: fast where data is large, accurate where it is small. Batch 32 below 2 000 rows per worker,
     * 64 below 8 000, else 128, halved (down to 32) while a worker would take fewer than {@link #MIN_AUTO_STEPS}
     * optimizer steps over all the epochs: a short run (e.g. one pass over an update's rows) needs its steps more
     * than the throughput of larger batches. Averaging every quarter of a worker's minibatches per epoch (four
     * rounds an epoch), at least every 5 and at most every 50 minibatches. Values set by the user are kept.
     */
    public TrainingConfig resolved(long examples, int workers) {
        long perWorker = examples / Math.max(1, workers);
        int batch = batchSize != AUTO ? batchSize : perWorker < 2_000 ? 32 : perWorker < 8_000 ? 64 : 128;
        while (batchSize == AUTO && batch > 32 && (perWorker + batch - 1) / batch * epochs < MIN_AUTO_STEPS) {
            batch /= 2;
        }
        long batchesPerWorker = (perWorker + batch - 1) / batch;
        int frequency = averagingFrequency != AUTO ? averagingFrequency
                : (int) Math.max(5, Math.min(50, batchesPerWorker / 4));
        return new TrainingConfig(epochs, batch, frequency, updater, learningRate, this.workers, exportDir,
                workerThreads, maxNewRows, engine, minibatchCache, initialMaxRows, updateEpochs, maxUpdateExamples);
    }

    /** Whether {@link #resolved} has anything to choose. */
    public boolean hasAuto() {
        return batchSize == AUTO || averagingFrequency == AUTO;
    }
}
