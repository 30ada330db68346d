package ai.continual.store;

import ai.continual.provenance.VersionManifest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
     * Reserves the next version number by creating its folder (which also checks that the store is
     * writable before any work is done), above every version folder present, committed or not; a
     * number is reused only after {@link #removeUncommitted} deleted a crashed attempt's folder.
     */
    PendingVersion begin(String model);

    /**
     * Writes the model files of {@code pending}, then its manifest with create-no-overwrite.
     *
     * @throws CommitConflictException if that version was committed by someone else meanwhile
     */
    void commit(PendingVersion pending, StoredModel model);

    /** Where the store lives, for messages; never carries credentials. */
    String location();

    /** Version folders without a manifest, i.e. attempts that crashed before committing, ascending. */
    List<Integer> uncommittedVersions(String model);

    /**
     * Deletes the leftovers of crashed attempts (uncommitted version folders, temporary files).
     * Call only while holding the model's {@link WriterLease}.
     *
     * @return the version numbers whose folders were removed
     */
    List<Integer> removeUncommitted(String model);

    /** Uncommits (manifest first) and deletes a version; refuses a version an alias points to. */
    void deleteVersion(String model, int version);

    /** The alias, if it was ever set. */
    Optional<AliasPointer> alias(String model, String alias);

    /** Every alias of the model with the version it points to. */
    Map<String, Integer> aliases(String model);

    /**
     * Points {@code alias} at committed {@code version}, appending the change to its history; the
     * pointer file is replaced atomically, so readers see the old or the new pointer, never a mix.
     *
     * @param action {@code promote} or {@code rollback}
     */
    AliasPointer moveAlias(String model, String alias, int version, String action, String by);

    /**
     * Takes the model's single-writer lease, or fails at once with {@link LeaseHeldException} when a
     * live lease exists; an expired lease is taken over.
     */
    WriterLease acquireLease(String model, String purpose, Duration ttl);

    /** The current lease, if any (expired or not). */
    Optional<LeaseRecord> lease(String model);
    /**
     * URI of the folder of {@code version}, for data files (listed in the manifest as artifacts) written into
     * it before {@link #commit}; they become visible with the version's manifest.
     */
    String versionLocation(String model, int version);
}
