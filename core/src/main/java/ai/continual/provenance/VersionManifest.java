package ai.continual.provenance;

import java.util.List;
import java.util.Map;

/**
 * The commit record of one model version and its provenance: everything needed to tell what produced
 * it. A version exists only once this manifest is written, last, after all its other files.
 *
 * @param formatVersion layout version of the store; readers refuse a newer one
 * @param kind {@code initial} (version 1 built from config) or {@code update}
 * @param config the effective job configuration, defaults included
 * @param software library, Java and OS versions of the writer
 * @param gitCommit commit of the job's source, when known
 * @param source the file version 1 was brought from ({@code init --from}), with its checksum; null otherwise
 */
public record VersionManifest(
        int formatVersion,
        String model,
        int version,
        Integer parentVersion,
        String kind,
        String createdAt,
        long seed,
        String strategy,
        String configHash,
        Map<String, Object> config,
        List<InputPartition> inputs,
        RunSummary summary,
        Map<String, String> software,
        String gitCommit,
        ModelSource source) {

    /** A manifest of a version built from config (no source file). */
    public VersionManifest(int formatVersion, String model, int version, Integer parentVersion, String kind,
                           String createdAt, long seed, String strategy, String configHash, Map<String, Object> config,
                           List<InputPartition> inputs, RunSummary summary, Map<String, String> software,
                           String gitCommit) {
        this(formatVersion, model, version, parentVersion, kind, createdAt, seed, strategy, configHash, config, inputs,
                summary, software, gitCommit, null);
    }

    /** The store layout this code writes and the newest it can read. */
    public static final int CURRENT_FORMAT = 1;
}
