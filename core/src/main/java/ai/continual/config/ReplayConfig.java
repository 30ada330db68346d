package ai.continual.config;

/**
 * How many historical rows are mixed into an update, how they are chosen and where from.
 *
 * @param source the parent version's stored reservoir, or all historical partitions
 * @param reservoirSize rows of the class-balanced reservoir stored with every version
 */
public record ReplayConfig(boolean enabled, ReplaySampling sampling, double ratio, int maxRows, ReplaySource source,
                           int reservoirSize) {

    /** Replay rows wanted for an update that trains on {@code newRows} new rows. */
    public long targetRows(long newRows) {
        if (!enabled) {
            return 0;
        }
        return Math.min(maxRows, Math.round(ratio * newRows));
    }
}
