package ai.continual.provenance;

import java.util.List;

/**
 * Where version 1 came from when it was brought with {@code init --from} instead of built from config:
 * the file, its checksum, its format, and what was changed on the way in.
 *
 * @param format {@code dl4j-zip} or {@code keras-hdf5}
 * @param sha256 hex SHA-256 of the source file's bytes
 * @param importedLayers the layer names as read from the file, before any output layer replacement
 * @param outputReplaced true when the source's output layer was replaced by a fresh one for the configured task
 * @param frozenLayers leading layers frozen from version 1 on (the kept body)
 */
public record ModelSource(String path, String format, String sha256, long bytes, List<String> importedLayers,
                          boolean outputReplaced, int frozenLayers) {

    public ModelSource {
        importedLayers = List.copyOf(importedLayers);
    }
}
