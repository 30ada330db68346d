package ai.continual.config;

import java.util.Optional;

/**
 * Settings of one distributed training run (DL4J parameter averaging).
 *
 * @param workerThreads native ND4J threads (BLAS and loops) per training worker; 0 = the cores of one task slot
 */
public record TrainingConfig(
        int epochs,
        int batchSize,
        int averagingFrequency,
        String updater,
        double learningRate,
        int workers,
        Optional<String> exportDir,
        int workerThreads) {

    /** The settings with the thread count derived from the task slots. */
    public TrainingConfig(int epochs, int batchSize, int averagingFrequency, String updater, double learningRate,
                          int workers, Optional<String> exportDir) {
        this(epochs, batchSize, averagingFrequency, updater, learningRate, workers, exportDir, 0);
    }
}
