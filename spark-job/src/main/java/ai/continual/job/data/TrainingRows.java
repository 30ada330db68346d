package ai.continual.job.data;

import java.util.List;
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

    /** The {@link #FEATURES} of {@code row} as a plain array. */
    public static double[] features(Row row) {
        List<Double> values = row.getList(row.fieldIndex(FEATURES));
        double[] features = new double[values.size()];
        for (int i = 0; i < features.length; i++) {
            features[i] = values.get(i);
        }
        return features;
    }
}
