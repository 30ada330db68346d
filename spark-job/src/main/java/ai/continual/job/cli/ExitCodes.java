package ai.continual.job.cli;

/** Process exit codes of the job; the README documents them for schedulers such as Airflow. */
public final class ExitCodes {
    /** The run completed (a version was committed and promoted, or {@code --dry-run} printed its plan). */
    public static final int OK = 0;
    /** An unexpected failure; the message and stack trace are on stderr. */
    public static final int INTERNAL_ERROR = 1;
    /** Bad command line or config: fix the arguments or conf/ file. Nothing was read or written. */
    public static final int CONFIG_ERROR = 2;
    /** The input data breaks the data contract (schema, missing/empty partition, invalid rows). */
    public static final int DATA_ERROR = 3;
    /** The model store could not be read or written. Committed versions are untouched. */
    public static final int STORE_ERROR = 4;
    /**
     * The run completed and the new version was written, but the promotion gate rejected it: it is marked
     * {@code rejected} in its manifest with the reasons, and the production version did not move. Not an error
     * of the job; a scheduler should alert rather than retry.
     */
    public static final int REJECTED = 5;
    /** {@code --require-gpu} was given but the driver or an executor has no GPU backend. Nothing was written. */
    public static final int GPU_UNAVAILABLE = 6;
    /**
     * Another run holds the model's writer lease (it is being updated now). Nothing was read or
     * written; retry after that run ends, or after the lease expires if it crashed.
     */
    public static final int LEASE_HELD = 7;

    private ExitCodes() {}
}
