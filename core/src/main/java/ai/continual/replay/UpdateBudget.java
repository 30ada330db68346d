package ai.continual.replay;

import java.util.function.LongUnaryOperator;

/**
 * How an update from a parent spends {@code training.max-update-examples}: on distinct rows first. It takes as many
 * new rows (with the replay rows that go with them) as one epoch within the budget can train, and repeats them
 * only when the partition has fewer rows than that: {@code epochs} is the budget over the rows of one epoch, at
 * least 1 and at most {@code training.epochs}.
 *
 * <p>Why: a budget in rows and epochs fixes the trade-off between distinct rows and passes for every partition; a
 * budget in examples bounds what an update costs and lets each update make the trade-off from the rows it has.
 * Measured on three seeds against a rows budget of the same size (docs/auto-strategy.md): better on
 * domain-incremental and stationary streams, where new dates bring more rows of the same kind, as good on drift (auto's
 * new-rows-only candidate spends it as a finetune would, once history went stale), and within the seeds' spread on
 * new classes. Off by default; {@code bench/streams} sets it.
 *
 * @param newRows new training rows of the update
 * @param replayRows replay rows that go with them
 * @param epochs passes over those rows
 */
public record UpdateBudget(long newRows, long replayRows, int epochs) {

    /**
     * The split of {@code budget} examples.
     *
     * @param budget most examples (new and replay rows, summed over the epochs); positive
     * @param availableNewRows new training rows the update may use (after {@code training.max-new-rows})
     * @param replayFor replay rows that go with {@code n} new rows (the replay ratio's target within the rows
     *     available); non-decreasing in {@code n}
     * @param maxEpochs {@code training.epochs}: the most passes, also when rows are few
     */
    public static UpdateBudget spend(long budget, long availableNewRows, LongUnaryOperator replayFor, int maxEpochs) {
        if (budget <= 0 || maxEpochs <= 0) {
            throw new IllegalArgumentException("budget and maxEpochs must be positive: " + budget + ", " + maxEpochs);
        }
        // The most new rows whose epoch, with its replay rows, fits the budget (replayFor grows with n).
        long lo = 0;
        long hi = Math.max(0, availableNewRows);
        while (lo < hi) {
            long mid = (lo + hi + 1) >>> 1;
            if (mid + replayFor.applyAsLong(mid) <= budget) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        long newRows = lo == 0 ? Math.min(1, Math.max(0, availableNewRows)) : lo;
        long replayRows = replayFor.applyAsLong(newRows);
        long perEpoch = Math.max(1, newRows + replayRows);
        int epochs = (int) Math.max(1, Math.min(maxEpochs, budget / perEpoch));
        return new UpdateBudget(newRows, replayRows, epochs);
    }

    /** Examples trained: (new + replay rows) x epochs. */
    public long examples() {
        return (newRows + replayRows) * epochs;
    }
}
