package ai.continual.job.data;

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
}
