package ai.continual.config;

/** How replay rows are drawn from history. */
public enum ReplaySampling {
    /** The same number of rows per class seen so far (uniform for regression). */
    CLASS_BALANCED,
    /** Every historical row has the same chance. */
    UNIFORM
}
