package ai.continual.config;

/** How features are scaled; the scaling is fitted once on version 1 and reused by every later version. */
public enum NormalizerKind {
    /** Zero mean and unit variance per feature column. */
    PER_FEATURE,
    /** One mean and standard deviation over all features, for homogeneous inputs such as pixels. */
    GLOBAL,
    /** Features are used as they are. */
    NONE
}
