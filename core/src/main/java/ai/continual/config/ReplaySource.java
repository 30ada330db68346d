package ai.continual.config;

/** Where an update draws its replay rows from. */
public enum ReplaySource {
    /**
     * The class-balanced reservoir stored with the parent version: an update reads the new partition and
     * the reservoir, never all history, so its cost does not grow with the number of partitions.
     */
    RESERVOIR,
    /** Every historical partition, read and sampled on each update (cost grows with history). */
    HISTORY
}
