package ai.continual.provenance;

/**
 * The training settings a run actually used, recorded in its summary because {@code training.batch-size} and
 * {@code training.averaging-frequency} may be {@code auto} in the config (chosen from the rows per epoch and the
 * workers, docs/performance.md): the config alone does not say what trained the version.
 *
 * @param batchSize minibatch size trained with
 * @param averagingFrequency minibatches each worker fits between two averagings
 * @param examplesPerEpoch training rows per epoch the choice was made for
 * @param workers parallel workers the choice was made for
 * @param epochs epochs trained ({@code training.update-epochs} for an update when set); 0 in summaries written
 *     before it was recorded
 */
public record TrainingSettings(int batchSize, int averagingFrequency, long examplesPerEpoch, int workers, int epochs) {
}
