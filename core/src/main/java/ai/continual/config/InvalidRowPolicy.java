package ai.continual.config;

/** What to do with rows whose features are null/NaN/infinite or whose label is out of range. */
public enum InvalidRowPolicy {
    /** Stop before training, naming the partition, the column and the count. */
    FAIL,
    /** Drop them and record the count in the run summary. */
    DROP
}
