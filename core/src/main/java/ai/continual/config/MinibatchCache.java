package ai.continual.config;

/** Where the in-memory engine keeps a fit's minibatches between averaging rounds ({@code training.minibatch-cache}). */
public enum MinibatchCache {
    /** {@link #DISK} when the minibatches would take more than half the executors' free storage memory, else
     *  {@link #MEMORY}. */
    AUTO,
    /** As objects in executor memory, one block per worker: fastest; blocks that do not fit are recomputed. */
    MEMORY,
    /** Serialised, one block per worker and round, spilling to disk: for data larger than executor memory. */
    DISK
}
