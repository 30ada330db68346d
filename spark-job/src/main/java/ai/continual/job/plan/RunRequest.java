package ai.continual.job.plan;

import java.time.LocalDate;

/**
 * What a command asks the pipeline for.
 *
 * @param date the partition to learn from (for a retrain, the last partition)
 * @param force train a new version even if this run is already committed or the date is older than the newest
 *     version's
 * @param newLineage start a fresh line: build the network from config as for version 1 (no parent), so the
 *     architecture keys may differ from the stored versions'; the version number still follows the newest
 */
public record RunRequest(RunKind kind, LocalDate date, boolean force, boolean newLineage) {

    /** A plain run of {@code kind} for {@code date}: no --force, no --new-lineage. */
    public static RunRequest of(RunKind kind, LocalDate date) {
        return new RunRequest(kind, date, false, false);
    }
}
