package ai.continual.config;

/** File format of the partitions under a dataset root. */
public enum DataFormat {
    PARQUET,
    CSV
}
