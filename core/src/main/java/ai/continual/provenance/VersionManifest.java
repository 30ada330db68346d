package ai.continual.provenance;

import ai.continual.evaluation.ContinualMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The commit record of one model version and its provenance: everything needed to tell what produced
 * it. A version exists only once this manifest is written, last, after all its other files. Built with
 * {@link #builder()} (or {@link #toBuilder()} from another manifest); serialised by Jackson.
 *
 * @param formatVersion the store format that wrote this manifest ({@link #CURRENT_FORMAT} for this code);
 *                      readers refuse a newer one. Format 1 had no checksums and no alias intent.
 * @param kind how the version was produced
 * @param config the effective job configuration, defaults included
 * @param software library, Java and OS versions of the writer
 * @param gitCommit commit of the job's source, when known
 * @param source the file version 1 was brought from ({@code init --from}), with its checksum; null otherwise
 * @param status the promotion gate's verdict; null in manifests from before the gate (read as committed)
 * @param rejectionReasons why the gate rejected it; empty otherwise
 * @param continual scores per partition, average, forgetting and negative flips against the parent
 * @param artifacts data files stored with the version (replay reservoir, held-out sample); empty when none
 * @param promoteTo the alias this version was committed to move (e.g. {@code production}), recorded with the
 *                  commit so that a crash before the alias move is completed by the next run; null when none
 * @param checksums hex SHA-256 of every file of the version other than the manifest, by path relative to the
 *                  version folder; empty in format 1 manifests
 */
public record VersionManifest(
        int formatVersion,
        String model,
        int version,
        Integer parentVersion,
        VersionKind kind,
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
        VersionStatus status,
        List<String> rejectionReasons,
        ContinualMetrics continual,
        List<StoredArtifact> artifacts,
        String promoteTo,
        Map<String, String> checksums) {

    /** The store format this code writes and the newest it can read. */
    public static final int CURRENT_FORMAT = 2;

    public VersionManifest {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        rejectionReasons = rejectionReasons == null ? List.of() : List.copyOf(rejectionReasons);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        checksums = checksums == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(checksums));
    }

    /** True when the promotion gate rejected this version: it must not serve nor be a parent. */
    public boolean wasRejected() {
        return status == VersionStatus.REJECTED;
    }

    /** The stored data file called {@code name}, if this version has one. */
    public Optional<StoredArtifact> artifact(String name) {
        return artifacts.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** The alias this version was committed to move, if any. */
    public Optional<String> promotionIntent() {
        return Optional.ofNullable(promoteTo);
    }

    /**
     * What is wrong with a manifest read from storage (e.g. {@code {}} or a truncated file), or empty when it has
     * what every reader needs. {@code expectedModel} and {@code expectedVersion} are those of its folder.
     */
    public List<String> problems(String expectedModel, int expectedVersion) {
        List<String> problems = new ArrayList<>();
        if (formatVersion < 1) {
            problems.add("formatVersion is missing");
        }
        if (!expectedModel.equals(model)) {
            problems.add("model is '" + model + "', expected '" + expectedModel + "'");
        }
        if (version != expectedVersion) {
            problems.add("version is " + version + ", expected " + expectedVersion + " (its folder)");
        }
        if (kind == null) {
            problems.add("kind is missing");
        }
        if (createdAt == null) {
            problems.add("createdAt is missing");
        }
        if (formatVersion >= 2 && checksums.isEmpty()) {
            problems.add("checksums are missing");
        }
        return problems;
    }

    /** An empty builder; {@code formatVersion} starts at {@link #CURRENT_FORMAT}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this manifest. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link VersionManifest} field by field; unset fields are null, zero or empty. */
    public static final class Builder {
        private int formatVersion = CURRENT_FORMAT;
        private String model;
        private int version;
        private Integer parentVersion;
        private VersionKind kind;
        private String createdAt;
        private long seed;
        private String strategy;
        private String configHash;
        private Map<String, Object> config = Map.of();
        private List<InputPartition> inputs = List.of();
        private RunSummary summary;
        private Map<String, String> software = Map.of();
        private String gitCommit;
        private ModelSource source;
        private VersionStatus status = VersionStatus.COMMITTED;
        private List<String> rejectionReasons = List.of();
        private ContinualMetrics continual;
        private List<StoredArtifact> artifacts = List.of();
        private String promoteTo;
        private Map<String, String> checksums = Map.of();

        private Builder() {}

        private Builder(VersionManifest m) {
            formatVersion = m.formatVersion;
            model = m.model;
            version = m.version;
            parentVersion = m.parentVersion;
            kind = m.kind;
            createdAt = m.createdAt;
            seed = m.seed;
            strategy = m.strategy;
            configHash = m.configHash;
            config = m.config;
            inputs = m.inputs;
            summary = m.summary;
            software = m.software;
            gitCommit = m.gitCommit;
            source = m.source;
            status = m.status;
            rejectionReasons = m.rejectionReasons;
            continual = m.continual;
            artifacts = m.artifacts;
            promoteTo = m.promoteTo;
            checksums = m.checksums;
        }

        public Builder formatVersion(int value) { formatVersion = value; return this; }
        public Builder model(String value) { model = value; return this; }
        public Builder version(int value) { version = value; return this; }
        public Builder parentVersion(Integer value) { parentVersion = value; return this; }
        public Builder kind(VersionKind value) { kind = value; return this; }
        public Builder createdAt(String value) { createdAt = value; return this; }
        public Builder seed(long value) { seed = value; return this; }
        public Builder strategy(String value) { strategy = value; return this; }
        public Builder configHash(String value) { configHash = value; return this; }
        public Builder config(Map<String, Object> value) { config = value; return this; }
        public Builder inputs(List<InputPartition> value) { inputs = value; return this; }
        public Builder summary(RunSummary value) { summary = value; return this; }
        public Builder software(Map<String, String> value) { software = value; return this; }
        public Builder gitCommit(String value) { gitCommit = value; return this; }
        public Builder source(ModelSource value) { source = value; return this; }
        public Builder status(VersionStatus value) { status = value; return this; }
        public Builder rejectionReasons(List<String> value) { rejectionReasons = value; return this; }
        public Builder continual(ContinualMetrics value) { continual = value; return this; }
        public Builder artifacts(List<StoredArtifact> value) { artifacts = value; return this; }
        public Builder promoteTo(String value) { promoteTo = value; return this; }
        public Builder checksums(Map<String, String> value) { checksums = value; return this; }

        public VersionManifest build() {
            return new VersionManifest(formatVersion, model, version, parentVersion, kind, createdAt, seed, strategy,
                    configHash, config, inputs, summary, software, gitCommit, source, status, rejectionReasons,
                    continual, artifacts, promoteTo, checksums);
        }
    }
}
