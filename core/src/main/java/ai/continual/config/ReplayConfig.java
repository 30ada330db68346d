package ai.continual.config;

import ai.continual.replay.ReplayRatio;
import ai.continual.selection.Objective;

/**
 * How many historical rows are mixed into an update, how they are chosen and where from.
 *
 * @param ratio replay rows per new row; ignored when {@code autoRatio}
 * @param autoRatio {@code replay.ratio = auto}: the ratio follows the objective as far as the new rows' labels differ
 *     from the replay memory's ({@link ReplayRatio#auto})
 * @param maxRows upper bound on replay rows per update
 * @param source the parent version's stored reservoir, or all historical partitions
 * @param reservoirSize rows of the class-balanced reservoir stored with every version
 */
public record ReplayConfig(boolean enabled, ReplaySampling sampling, double ratio, boolean autoRatio,
                           int maxRows, ReplaySource source, int reservoirSize) {

    /**
     * Replay rows per new row for an update whose replay memory holds {@code pastDates} dates, whose new rows'
     * labels are {@code labelDistance} (total variation) from the memory's.
     */
    public double ratio(Objective objective, int pastDates, double labelDistance) {
        return autoRatio ? ReplayRatio.auto(objective.pastToNewestWeight(pastDates), labelDistance) : ratio;
    }

    /** Replay rows wanted for an update that trains on {@code newRows} new rows at {@code ratio}. */
    public long targetRows(long newRows, double ratio) {
        if (!enabled) {
            return 0;
        }
        return Math.min(maxRows, Math.round(ratio * newRows));
    }
}
