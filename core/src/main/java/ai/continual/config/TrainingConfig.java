package ai.continual.config;

import java.util.Optional;

/**
 * Settings of one distributed training run (DL4J parameter averaging).
 *
 * @param workerThreads native ND4J threads (BLAS and loops) per training worker; 0 keeps ND4J's default
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

    /** The settings with ND4J's default thread count. */
    public TrainingConfig(int epochs, int batchSize, int averagingFrequency, String updater, double learningRate,
                          int workers, Optional<String> exportDir) {
        this(epochs, batchSize, averagingFrequency, updater, learningRate, workers, exportDir, 0);
    }
}
