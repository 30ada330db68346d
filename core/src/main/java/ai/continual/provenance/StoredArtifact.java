package ai.continual.provenance;

import java.util.Map;

/**
 * A data file kept inside a version's folder next to the model, listed in its manifest: e.g. the replay
 * reservoir or the stored held-out sample that the next update reads instead of all history.
 *
 * @param name what the file is ({@code reservoir}, {@code holdout-sample})
 * @param file its path relative to the version folder (a file or a folder of files)
 * @param rows rows it holds
 * @param bytes its size on storage
 * @param rowsByGroup rows per class (reservoir) or per partition date (held-out sample)
 * @param sha256 hex SHA-256 of its content, set by the store when the version is committed (for a folder, of the
 *               sorted list of its files' relative names and SHA-256s); null in manifests of format 1 and in an
 *               artifact not yet committed
 */
public record StoredArtifact(String name, String file, long rows, long bytes, Map<String, Long> rowsByGroup,
                             String sha256) {

    public StoredArtifact {
        rowsByGroup = Map.copyOf(rowsByGroup);
    }

    /** An artifact just written, before the store checksums it at commit. */
    public StoredArtifact(String name, String file, long rows, long bytes, Map<String, Long> rowsByGroup) {
        this(name, file, rows, bytes, rowsByGroup, null);
    }

    /** This artifact with its checksum. */
    public StoredArtifact withSha256(String digest) {
        return new StoredArtifact(name, file, rows, bytes, rowsByGroup, digest);
    }
}
