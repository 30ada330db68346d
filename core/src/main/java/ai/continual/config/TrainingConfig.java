package ai.continual.config;

import java.util.Optional;

/**
 * Settings of one distributed training run (DL4J parameter averaging).
 *
 * @param workerThreads native ND4J threads (BLAS and loops) per training worker; 0 = the cores of one task slot
 * @param maxNewRows upper bound on the new partition's training rows per update (a seeded uniform sample of them
 *     trains when the partition is larger); 0 = all. Bounds an update's cost; a retrain always uses every row
 * @param engine how parameter averaging runs on Spark
 * @param initialMaxRows upper bound on version 1's training rows (it has no parent, so {@code maxNewRows} does not
 *     apply to it); 0 = every row of its partition
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
        long initialMaxRows) {

    /** The settings with version 1 trained on its whole partition. */
    public TrainingConfig(int epochs, int batchSize, int averagingFrequency, String updater, double learningRate,
                          int workers, Optional<String> exportDir, int workerThreads, long maxNewRows,
                          AveragingEngine engine) {
        this(epochs, batchSize, averagingFrequency, updater, learningRate, workers, exportDir, workerThreads,
                maxNewRows, engine, 0);
    }

    /** The settings with the thread count derived from the task slots and every new row trained on. */
    public TrainingConfig(int epochs, int batchSize, int averagingFrequency, String updater, double learningRate,
                          int workers, Optional<String> exportDir) {
        this(epochs, batchSize, averagingFrequency, updater, learningRate, workers, exportDir, 0, 0,
                AveragingEngine.IN_MEMORY);
    }
}
