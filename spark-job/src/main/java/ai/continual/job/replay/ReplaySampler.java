package ai.continual.job.replay;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import ai.continual.config.ReplayConfig;
import ai.continual.config.ReplaySampling;
import ai.continual.config.Task;
import ai.continual.job.data.ReplayComposition;
import ai.continual.job.data.TrainingRows;
import ai.continual.replay.ReplayAllocation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Draws the replay sample from historical training rows on Spark: class-balanced (quotas from
 * {@link ReplayAllocation}) or uniform (one group), each group a uniform draw of exactly its quota.
 *
 * <p>Each row gets a key, a hash of its whole content seeded with the draw's seed, and each group keeps its
 * quota of lowest keys. One pass over the candidates finds, per group and date, the row count and the lowest
 * keys (only these reach the driver); from them the driver takes each group's cut and the drawn rows per date
 * and class, so the sample is a filter of the candidates and its composition costs no job of its own. Every
 * later use of the sample (training, the auto strategy's candidates) reads the candidates' partitions through
 * that filter instead of ranking them in a shuffle. Rows of equal content get equal keys; only when such a tie
 * falls on a group's cut are the rows under the cut ranked by a window, and then counted. A hash rather than
 * {@code rand}: two queries over the same rows must agree on each row's key, and {@code rand} is not evaluated
 * alike in plans of different shapes.
 */
public final class ReplaySampler {

    /** The one group of a uniform (or regression) draw. */
    private static final String UNIFORM_GROUP = "0";

    /** Column of each candidate's key while drawing. */
    private static final String KEY = "_replay_key";

    /** Column of each candidate's group (its class index, or the uniform group) while drawing. */
    private static final String KEY_GROUP = "_replay_group";

    /** Separates the group from the date in the pass's groups; neither a class index nor a date holds it. */
    private static final String AT = "@";

    /** A drawn replay sample and how many of its rows came from each date and class. */
    public record Drawn(Dataset<Row> rows, ReplayComposition composition) {

        /** No replay rows, in the layout of {@code rows}. */
        public static Drawn none(Dataset<Row> rows) {
            return new Drawn(rows.limit(0), new ReplayComposition(0, Map.of(), Map.of()));
        }
    }

    private final ReplayConfig config;
    private final Task task;
    private final long seed;

    public ReplaySampler(ReplayConfig config, Task task, long seed) {
        this.config = config;
        this.task = task;
        this.seed = seed;
    }

    /** Up to {@code target} rows of {@code history}, in the same layout. */
    public Drawn sample(Dataset<Row> history, long target) {
        return sample(history, target, Optional.empty());
    }

    /**
     * As {@link #sample(Dataset, long)}, with {@code rowsPerClass} the rows of {@code history} per class when they
     * are already known (a stored reservoir's manifest records them): then the quotas are known before the pass,
     * which keeps only as many keys per class and date as the largest quota. For a regression or uniform draw only
     * their sum is used.
     */
    public Drawn sample(Dataset<Row> history, long target, Optional<Map<Integer, Long>> rowsPerClass) {
        if (target <= 0) {
            return Drawn.none(history);
        }
        boolean balanced = task == Task.CLASSIFICATION && config.sampling() == ReplaySampling.CLASS_BALANCED;
        Optional<Map<String, Long>> knownQuotas = rowsPerClass.map(known -> {
            Map<String, Long> available = new TreeMap<>();
            known.forEach((label, rows) -> available.merge(balanced ? String.valueOf(label) : UNIFORM_GROUP, rows,
                    Long::sum));
            return quotas(available, target, balanced);
        });
        // A group's cut lies at its quota-th lowest key, which is among the quota lowest of each cell (class and
        // date) of the group: the pass keeps no more per cell.
        long bound = knownQuotas.map(q -> q.values().stream().mapToLong(Long::longValue).max().orElse(1))
                .orElse(target);
        boolean classes = task == Task.CLASSIFICATION;
        Column label = col(TrainingRows.LABEL).cast("int").cast("string");
        Dataset<Row> keyed = history.withColumn(KEY, key(history))
                .withColumn(KEY_GROUP, balanced ? label : lit(UNIFORM_GROUP));
        LowestPriorities lowest = StoredSample.lowest(keyed,
                concat_ws(AT, classes ? label : lit(UNIFORM_GROUP), col(TrainingRows.DATE)),
                col(KEY), (int) Math.min(Integer.MAX_VALUE - 1, Math.max(1, bound)));
        // Per group of the draw, its cells ("class@date"): their rows, and their lowest keys (sorted).
        Map<String, Map<String, Long>> cellRows = new TreeMap<>();
        lowest.counts().forEach((cell, n) -> cellRows.computeIfAbsent(
                balanced ? cell.substring(0, cell.indexOf(AT)) : UNIFORM_GROUP, g -> new TreeMap<>()).put(cell, n));
        Map<String, Long> available = new TreeMap<>();
        cellRows.forEach((g, cells) -> available.put(g, cells.values().stream().mapToLong(Long::longValue).sum()));
        Map<String, Long> quotas = knownQuotas.orElseGet(() -> quotas(available, target, balanced));

        StringBuilder cuts = new StringBuilder();
        boolean exact = true;
        Map<String, Long> perDate = new TreeMap<>();
        Map<Integer, Long> perClass = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, Long> quota : quotas.entrySet()) {
            String g = quota.getKey();
            long n = Math.min(quota.getValue(), available.getOrDefault(g, 0L));
            if (n <= 0) {
                continue;
            }
            total += n;
            boolean whole = n == available.get(g);
            Map<String, long[]> cellKeys = new TreeMap<>();   // read only when the group is cut
            long cut = 0;
            if (!whole) {
                cellRows.get(g).keySet().forEach(cell -> cellKeys.put(cell, lowest.sortedLowest(cell)));
                long[] merged = cellKeys.values().stream().flatMapToLong(Arrays::stream).sorted().toArray();
                cut = merged[(int) n - 1];
                exact &= merged[(int) n] != cut;
            }
            cuts.append(" WHEN " + KEY_GROUP + " = '").append(g).append("' THEN ")
                    .append(whole ? "true" : KEY + " <= " + cut);
            for (Map.Entry<String, Long> cell : cellRows.get(g).entrySet()) {
                long upTo = cut;
                long drawn = whole ? cell.getValue()
                        : Arrays.stream(cellKeys.get(cell.getKey())).filter(k -> k <= upTo).count();
                int at = cell.getKey().indexOf(AT);
                perDate.merge(cell.getKey().substring(at + 1), drawn, Long::sum);
                if (classes) {
                    perClass.merge(Integer.valueOf(cell.getKey().substring(0, at)), drawn, Long::sum);
                }
            }
        }
        String keep = cuts.isEmpty() ? "false" : "CASE" + cuts + " ELSE false END";
        Dataset<Row> kept = keyed.where(org.apache.spark.sql.functions.expr(keep));
        if (exact) {
            return new Drawn(kept.drop(KEY, KEY_GROUP), new ReplayComposition(total, perDate, perClass));
        }
        // A tie at some cut keeps too many rows of that group: rank the rows under the cuts and count what is kept.
        Dataset<Row> ranked = StoredSample.lowestByRank(kept, KEY_GROUP, KEY, quotas).drop(KEY, KEY_GROUP);
        return new Drawn(ranked, ReplayComposition.of(ranked, task));
    }

    /** Per group (a class index, or the one uniform group), how many of its {@code available} rows to draw. */
    private static Map<String, Long> quotas(Map<String, Long> available, long target, boolean balanced) {
        Map<String, Long> quotas = new TreeMap<>();
        if (balanced) {
            Map<Integer, Long> byClass = new TreeMap<>();
            available.forEach((label, rows) -> {
                if (rows > 0) {
                    byClass.put(Integer.valueOf(label), rows);
                }
            });
            ReplayAllocation.classBalanced(byClass, target).forEach((label, q) -> quotas.put(String.valueOf(label), q));
        } else {
            available.forEach((only, rows) -> quotas.put(only, Math.min(rows, target)));
        }
        return quotas;
    }

    /** A row's key: a hash of all its columns, seeded with this draw's seed (and apart from a stored priority). */
    private Column key(Dataset<Row> history) {
        List<Column> columns = new ArrayList<>(List.of(lit(seed), lit("replay-draw")));
        for (String name : history.columns()) {
            columns.add(col(name));
        }
        return xxhash64(columns.toArray(Column[]::new));
    }
}
