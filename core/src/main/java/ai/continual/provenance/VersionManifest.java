package ai.continual.provenance;

import ai.continual.evaluation.ContinualMetrics;
import java.util.List;
import java.util.Map;

/**
 * The commit record of one model version and its provenance: everything needed to tell what produced
 * it. A version exists only once this manifest is written, last, after all its other files.
 *
 * @param formatVersion layout version of the store; readers refuse a newer one
 * @param kind {@code initial} (version 1 built from config), {@code update}, or {@code retrain} (trained from
 *             scratch on every partition up to the date, the upper-bound baseline)
 * @param config the effective job configuration, defaults included
 * @param software library, Java and OS versions of the writer
 * @param gitCommit commit of the job's source, when known
 * @param source the file version 1 was brought from ({@code init --from}), with its checksum; null otherwise
 * @param status {@code committed} (promoted: the next update builds on it) or {@code rejected} by the
 *               promotion gate (kept for inspection, never a parent); null in manifests from before the gate
 * @param rejectionReasons why the gate rejected it; empty otherwise
 * @param continual scores per partition, average, forgetting and negative flips against the parent
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
        String status,
        List<String> rejectionReasons,
        ContinualMetrics continual,
        List<StoredArtifact> artifacts) {


    /** A manifest of a version built from config (no source file, no stored data files). */
    public VersionManifest(int formatVersion, String model, int version, Integer parentVersion, String kind,
                           String createdAt, long seed, String strategy, String configHash, Map<String, Object> config,
                           List<InputPartition> inputs, RunSummary summary, Map<String, String> software,
                           String gitCommit) {
        this(formatVersion, model, version, parentVersion, kind, createdAt, seed, strategy, configHash, config, inputs,
                summary, software, gitCommit, null);
    }

    /** The stored data file called {@code name}, if this version has one. */
    public java.util.Optional<StoredArtifact> artifact(String name) {
        return artifacts.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** A committed manifest without gate outcome or continual metrics. */
    public VersionManifest(int formatVersion, String model, int version, Integer parentVersion, String kind,
                           String createdAt, long seed, String strategy, String configHash, Map<String, Object> config,
                           List<InputPartition> inputs, RunSummary summary, Map<String, String> software,
                           String gitCommit, ModelSource source) {
        this(formatVersion, model, version, parentVersion, kind, createdAt, seed, strategy, configHash, config, inputs,
                summary, software, gitCommit, source, STATUS_COMMITTED, List.of(), null);
    }

    /** A manifest with a gate outcome and no stored data files. */
    public VersionManifest(int formatVersion, String model, int version, Integer parentVersion, String kind,
                           String createdAt, long seed, String strategy, String configHash, Map<String, Object> config,
                           List<InputPartition> inputs, RunSummary summary, Map<String, String> software,
                           String gitCommit, ModelSource source, String status, List<String> rejectionReasons,
                           ContinualMetrics continual) {
        this(formatVersion, model, version, parentVersion, kind, createdAt, seed, strategy, configHash, config, inputs,
                summary, software, gitCommit, source, status, rejectionReasons, continual, List.of());
    }

    /** The store layout this code writes and the newest it can read. */
    public static final int CURRENT_FORMAT = 1;

    public static final String STATUS_COMMITTED = "committed";
    public static final String STATUS_REJECTED = "rejected";

    public VersionManifest {
        rejectionReasons = rejectionReasons == null ? List.of() : List.copyOf(rejectionReasons);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    }

    /** True when the promotion gate rejected this version: it must not serve nor be a parent. */
    public boolean wasRejected() {
        return STATUS_REJECTED.equals(status);
    }
}
