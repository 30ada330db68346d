package ai.continual.provenance;

import java.util.Map;

/**
 * A data file kept inside a version's folder next to the model, listed in its manifest: e.g. the replay
 * reservoir or the stored held-out sample that the next update reads instead of all history.
 *
 * @param name what the file is ({@code reservoir}, {@code holdout-sample})
 * @param file its path relative to the version folder
 * @param rows rows it holds
 * @param bytes its size on storage
 * @param rowsByGroup rows per class (reservoir) or per partition date (held-out sample)
 */
public record StoredArtifact(String name, String file, long rows, long bytes, Map<String, Long> rowsByGroup) {

    public StoredArtifact {
        rowsByGroup = Map.copyOf(rowsByGroup);
    }
}
