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

    /** Counts {@code replay} by date and label with one small aggregation. */
    public static ReplayComposition of(Dataset<Row> replay, Task task) {
        Map<String, Long> perDate = new TreeMap<>();
        Map<Integer, Long> perClass = new TreeMap<>();
        long total = 0;
        boolean byClass = task == Task.CLASSIFICATION;
        Dataset<Row> counts = byClass
                ? replay.groupBy(TrainingRows.DATE, TrainingRows.LABEL).count()
                : replay.groupBy(TrainingRows.DATE).count();
        for (Row row : counts.collectAsList()) {
            long count = row.getLong(row.size() - 1);
            total += count;
            perDate.merge(row.getString(0), count, Long::sum);
            if (byClass) {
                perClass.merge((int) row.getDouble(1), count, Long::sum);
            }
        }
        return new ReplayComposition(total, perDate, perClass);
    }
}
