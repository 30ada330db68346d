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

    /**
     * Counts {@code replay} by date and label in one pass: a map per task slot, merged on the driver (a grouped
     * query would add a shuffle stage, i.e. another Spark job, for a handful of counts).
     */
    public static ReplayComposition of(Dataset<Row> replay, Task task) {
        boolean byClass = task == Task.CLASSIFICATION;
        HashMap<String, Long> counts = replay.select(TrainingRows.DATE, TrainingRows.LABEL).toJavaRDD()
                .aggregate(new HashMap<String, Long>(), (acc, row) -> {
                    String key = byClass ? row.getString(0) + "\t" + (int) row.getDouble(1) : row.getString(0);
                    acc.merge(key, 1L, Long::sum);
                    return acc;
                }, (a, b) -> {
                    b.forEach((key, n) -> a.merge(key, n, Long::sum));
                    return a;
                });
        Map<String, Long> perDate = new TreeMap<>();
        Map<Integer, Long> perClass = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            String[] key = entry.getKey().split("\t");
            total += entry.getValue();
            perDate.merge(key[0], entry.getValue(), Long::sum);
            if (byClass) {
                perClass.merge(Integer.parseInt(key[1]), entry.getValue(), Long::sum);
            }
        }
        return new ReplayComposition(total, perDate, perClass);
    }
}
