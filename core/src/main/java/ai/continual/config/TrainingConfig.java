package ai.continual.config;

import java.util.Optional;

/** Settings of one distributed training run (DL4J parameter averaging). */
public record TrainingConfig(
        int epochs,
        int batchSize,
        int averagingFrequency,
        String updater,
        double learningRate,
        int workers,
        Optional<String> exportDir) {}
