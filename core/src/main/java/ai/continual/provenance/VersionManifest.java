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
 * @param artifacts data files stored with the version (replay reservoir, held-out sample); empty when none
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
        ModelSource source,
        List<StoredArtifact> artifacts) {

    public VersionManifest {
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    }

    /** A manifest without stored data files. */
    public VersionManifest(int formatVersion, String model, int version, Integer parentVersion, String kind,
                           String createdAt, long seed, String strategy, String configHash, Map<String, Object> config,
                           List<InputPartition> inputs, RunSummary summary, Map<String, String> software,
                           String gitCommit, ModelSource source) {
        this(formatVersion, model, version, parentVersion, kind, createdAt, seed, strategy, configHash, config, inputs,
                summary, software, gitCommit, source, List.of());
    }

    /** A manifest of a version built from config (no source file, no stored data files). */
    public VersionManifest(int formatVersion, String model, int version, Integer parentVersion, String kind,
                           String createdAt, long seed, String strategy, String configHash, Map<String, Object> config,
                           List<InputPartition> inputs, RunSummary summary, Map<String, String> software,
                           String gitCommit) {
        this(formatVersion, model, version, parentVersion, kind, createdAt, seed, strategy, configHash, config, inputs,
                summary, software, gitCommit, null, List.of());
    }

    /** The stored data file called {@code name}, if this version has one. */
    public java.util.Optional<StoredArtifact> artifact(String name) {
        return artifacts.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** The store layout this code writes and the newest it can read. */
    public static final int CURRENT_FORMAT = 1;
}
