package ai.continual.job.data;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Column names of the job's internal row layout, the same whatever the user's columns are called. */
public final class TrainingRows {
    /** Partition date, yyyy-MM-dd. */
    public static final String DATE = "date";
    /** Features as array&lt;double&gt;. */
    public static final String FEATURES = "features";
    /** Label as double: the class index, or the regression target. */
    public static final String LABEL = "label";
    /** True for rows held out from training and used for evaluation. */
    public static final String HOLDOUT = "holdout";

    private TrainingRows() {}

    /** Rows per class index of {@code rows} (classification), in one aggregation. */
    public static Map<Integer, Long> labelCounts(Dataset<Row> rows) {
        Map<Integer, Long> counts = new TreeMap<>();
        for (Row r : rows.groupBy(LABEL).count().collectAsList()) {
            counts.put(((Number) r.get(0)).intValue(), r.getLong(1));
        }
        return counts;
    }
}
