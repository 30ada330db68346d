package ai.continual.replay;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code replay.ratio = auto}: how many replay rows go with each new row, from how far the new rows' labels are from
 * the replay memory's.
 *
 * <p>Why: with a fixed ratio of 1, a date that brings classes the memory lacks (a class-incremental stream) gives
 * them several times the rows of each old class, and the update forgets the old ones; replaying as much as the
 * objective weighs the past dates (k rows per new row for k past dates, all dates equal) keeps every date's classes
 * at their share. But a date with the same labels in a new input distribution (domain-incremental) needs its own rows
 * more than old ones, and there the objective's share undertrains it (both measured, docs/auto-strategy.md). So the
 * new rows' share of the mix moves from one half ({@link #BASE_RATIO}) to the objective's share of the newest date in
 * proportion to the total variation distance between the two label distributions: 0 when the new rows and the memory
 * hold the same labels in the same shares, 1 when they share no label.
 */
public final class ReplayRatio {

    /** Replay rows per new row when the new rows' labels are the memory's. */
    public static final double BASE_RATIO = 1.0;

    private ReplayRatio() {}

    /**
     * Replay rows per new row.
     *
     * @param pastWeight the objective's weight of the memory's past dates against the newest date (equal: their
     *     number); 0 when the memory holds none, which gives 0
     * @param labelDistance total variation distance in [0, 1] between the new rows' and the memory's label shares
     *     (0 when labels do not apply, e.g. regression)
     */
    public static double auto(double pastWeight, double labelDistance) {
        if (!(labelDistance >= 0 && labelDistance <= 1)) {
            throw new IllegalArgumentException("labelDistance must be in [0, 1], got " + labelDistance);
        }
        if (pastWeight <= 0) {
            return 0;
        }
        double baseShare = 1 / (1 + BASE_RATIO);
        double objectiveShare = 1 / (1 + pastWeight);
        double newShare = baseShare + labelDistance * (objectiveShare - baseShare);
        return 1 / newShare - 1;
    }

    /**
     * True when a {@link #labelDistance} means the two distributions share no label (it is then 1, up to
     * rounding): e.g. a date of new classes only against the replay memory.
     */
    public static boolean sharesNoLabel(double labelDistance) {
        return labelDistance >= 1 - 1e-9;
    }

    /** Total variation distance between two label distributions given as counts per label (½ Σ |p − q|). */
    public static double labelDistance(Map<Integer, Long> a, Map<Integer, Long> b) {
        double totalA = a.values().stream().mapToLong(Long::longValue).sum();
        double totalB = b.values().stream().mapToLong(Long::longValue).sum();
        if (totalA == 0 || totalB == 0) {
            return 0;
        }
        Set<Integer> labels = new HashSet<>(a.keySet());
        labels.addAll(b.keySet());
        double sum = 0;
        for (int label : labels) {
            sum += Math.abs(a.getOrDefault(label, 0L) / totalA - b.getOrDefault(label, 0L) / totalB);
        }
        return Math.min(1, sum / 2);
    }
}
