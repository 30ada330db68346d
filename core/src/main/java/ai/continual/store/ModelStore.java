package ai.continual.store;

import ai.continual.provenance.VersionManifest;
import java.util.List;
import java.util.Optional;

/**
 * Immutable, versioned models with their provenance. A version is committed when its manifest is
 * written, last, after every other file; readers see only committed versions, so a crashed writer
 * never exposes a half-written model.
 */
public interface ModelStore {

    /** Committed versions of {@code model}, ascending; empty when the model has none. */
    List<Integer> versions(String model);

    /** The highest committed version, if any. */
    default Optional<Integer> latestVersion(String model) {
        List<Integer> versions = versions(model);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /** The manifest of a committed version. */
    VersionManifest manifest(String model, int version);

    /** Loads a committed version: network with updater state, normalizer and manifest. */
    StoredModel load(String model, int version);

    /**
     * Reserves the next version number (and checks that the store is writable before any work is done);
     * numbers of crashed, uncommitted attempts are never reused.
     */
    PendingVersion begin(String model);

    /**
     * Writes the model files of {@code pending}, then its manifest with create-no-overwrite.
     *
     * @throws CommitConflictException if that version was committed by someone else meanwhile
     */
    void commit(PendingVersion pending, StoredModel model);

    /** Where the store lives, for messages. */
    String location();

    /**
     * URI of the folder of {@code version}, for data files (listed in the manifest as artifacts) written into
     * it before {@link #commit}; they become visible with the version's manifest.
     */
    String versionLocation(String model, int version);
}
