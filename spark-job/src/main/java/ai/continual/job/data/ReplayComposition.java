package ai.continual.job.data;

import ai.continual.config.Task;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How many replay rows came from each partition date and each class, for the manifest: proof that the
 * sample is balanced and that no row of the update's date or later was replayed.
 */
public record ReplayComposition(long total, Map<String, Long> perDate, Map<Integer, Long> perClass) {

    /** Counts {@code replay} by date and label in one pass ({@link #countByDateAndLabel}). */
    public static ReplayComposition of(Dataset<Row> replay, Task task) {
        Map<String, Map<Integer, Long>> counts = countByDateAndLabel(replay, task == Task.CLASSIFICATION);
        Map<String, Long> perDate = new TreeMap<>();
        Map<Integer, Long> perClass = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, Map<Integer, Long>> date : counts.entrySet()) {
            for (Map.Entry<Integer, Long> label : date.getValue().entrySet()) {
                total += label.getValue();
                perDate.merge(date.getKey(), label.getValue(), Long::sum);
                if (task == Task.CLASSIFICATION) {
                    perClass.merge(label.getKey(), label.getValue(), Long::sum);
                }
            }
        }
        return new ReplayComposition(total, perDate, perClass);
    }

    /**
     * Rows of {@code rows} per date and, when {@code byLabel}, per class index (else all under class 0), in one
     * pass: a map per task slot, merged on the driver. A grouped query would add a shuffle stage, i.e. another
     * Spark job, for a handful of counts.
     */
    public static Map<String, Map<Integer, Long>> countByDateAndLabel(Dataset<Row> rows, boolean byLabel) {
        return rows.select(TrainingRows.DATE, TrainingRows.LABEL).toJavaRDD()
                .aggregate(new TreeMap<String, Map<Integer, Long>>(), (acc, row) -> {
                    acc.computeIfAbsent(row.getString(0), d -> new TreeMap<>())
                            .merge(byLabel ? (int) row.getDouble(1) : 0, 1L, Long::sum);
                    return acc;
                }, (a, b) -> {
                    b.forEach((date, perLabel) -> perLabel.forEach((label, n) ->
                            a.computeIfAbsent(date, d -> new TreeMap<>()).merge(label, n, Long::sum)));
                    return a;
                });
    }
}
