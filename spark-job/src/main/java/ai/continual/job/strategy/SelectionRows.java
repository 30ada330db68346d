package ai.continual.job.strategy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;

import ai.continual.job.data.ReplayComposition;
import ai.continual.job.data.TrainingRows;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The held-out TRAINING rows of an automatic update: a seeded hash of each row's features and label puts a
 * fixed share of the new partition's training rows, and of the replay reservoir, aside to score candidates.
 * No candidate trains on them, and they are never the reported held-out or eval-root rows. The hash makes the
 * split the same on every rerun and in every later update (a reservoir row stays a selection row).
 */
public record SelectionRows(double fraction, long seed) {

    private static final int BUCKETS = 1_000_000;
    // count's tags: a row's source (the new partition or the replay candidates) and its side of the split
    private static final char NEW = 'N';
    private static final char REPLAY = 'R';
    private static final char SELECTED = 'S';
    private static final char TRAINING = 'T';

    /** The rows of {@code rows} kept for training. */
    public Dataset<Row> training(Dataset<Row> rows) {
        return rows.where(inSelection().unary_$bang());
    }

    /** The rows of {@code rows} set aside to score candidates. */
    public Dataset<Row> selection(Dataset<Row> rows) {
        return rows.where(inSelection());
    }

    /**
     * Rows per class on each side of the split, of the new partition's training rows and of the replay candidates
     * (the reservoir), in one pass: the update needs the new rows' count and, from the same pass, the classes the
     * replay sampler and the prior-correction candidates would otherwise count again each in a Spark job of its own.
     * Without {@code byLabel} (regression) every row is counted under class 0.
     */
    public Counts count(Dataset<Row> newRows, Optional<Dataset<Row>> replayCandidates, boolean byLabel) {
        Dataset<Row> tagged = tag(newRows, NEW);
        if (replayCandidates.isPresent()) {
            tagged = tagged.union(tag(replayCandidates.get(), REPLAY));
        }
        Map<Integer, Long> newTraining = new TreeMap<>();
        Map<Integer, Long> replayTraining = new TreeMap<>();
        Map<String, Map<Integer, Long>> selectionByDate = new TreeMap<>();
        ReplayComposition.countByDateAndLabel(tagged, byLabel).forEach((key, perLabel) -> {
            // key: source, then SELECTED or TRAINING, then the row's date (see tag)
            String date = key.substring(2);
            Map<Integer, Long> into = key.charAt(1) == SELECTED ? selectionByDate.computeIfAbsent(date,
                    d -> new TreeMap<>()) : key.charAt(0) == NEW ? newTraining : replayTraining;
            perLabel.forEach((label, n) -> into.merge(label, n, Long::sum));
        });
        return new Counts(newTraining, replayTraining, selectionByDate);
    }

    /**
     * What {@link #count} found.
     *
     * @param newTraining the new partition's rows kept for training, per class
     * @param replayTraining the replay candidates kept for training, per class (empty without replay candidates)
     * @param selectionByDate the selection rows of both, per date and class
     */
    public record Counts(Map<Integer, Long> newTraining, Map<Integer, Long> replayTraining,
                         Map<String, Map<Integer, Long>> selectionByDate) {
        /** The new partition's rows kept for training. */
        public long newTrainingRows() {
            return newTraining.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** {@code rows}' date and label, the date prefixed with their source and side of the split. */
    private Dataset<Row> tag(Dataset<Row> rows, char source) {
        return rows.select(concat(lit(String.valueOf(source)), when(inSelection(), lit(String.valueOf(SELECTED)))
                        .otherwise(lit(String.valueOf(TRAINING))), col(TrainingRows.DATE)).as(TrainingRows.DATE),
                col(TrainingRows.LABEL));
    }

    private Column inSelection() {
        return pmod(hash(col(TrainingRows.FEATURES), col(TrainingRows.LABEL), lit(seed)), lit(BUCKETS))
                .lt(lit((int) Math.round(fraction * BUCKETS)));
    }
}
