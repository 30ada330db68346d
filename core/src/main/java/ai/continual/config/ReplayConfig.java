package ai.continual.config;

/** How many historical rows are mixed into an update, and how they are chosen. */
public record ReplayConfig(boolean enabled, ReplaySampling sampling, double ratio, int maxRows) {

    /** Replay rows wanted for an update that trains on {@code newRows} new rows. */
    public long targetRows(long newRows) {
        if (!enabled) {
            return 0;
        }
        return Math.min(maxRows, Math.round(ratio * newRows));
    }
}
