package ai.continual.job.data;

import ai.continual.config.Task;
import java.util.HashMap;
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
        HashMap<String, Long> counts = rows.select(TrainingRows.DATE, TrainingRows.LABEL).toJavaRDD()
                .aggregate(new HashMap<String, Long>(), (acc, row) -> {
                    String key = row.getString(0) + "\t" + (byLabel ? (int) row.getDouble(1) : 0);
                    acc.merge(key, 1L, Long::sum);
                    return acc;
                }, (a, b) -> {
                    b.forEach((key, n) -> a.merge(key, n, Long::sum));
                    return a;
                });
        Map<String, Map<Integer, Long>> byDate = new TreeMap<>();
        counts.forEach((key, n) -> {
            int tab = key.lastIndexOf('\t');
            byDate.computeIfAbsent(key.substring(0, tab), d -> new TreeMap<>())
                    .merge(Integer.parseInt(key.substring(tab + 1)), n, Long::sum);
        });
        return byDate;
    }
}
