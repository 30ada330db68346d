package ai.continual.store;

import ai.continual.provenance.VersionManifest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Immutable, versioned models with their provenance, and named aliases (such as {@code production}) pointing at
 * them. A version is committed when its manifest is written, last, after every other file, with the SHA-256 of each
 * of them; readers see only committed versions and check those checksums, so neither a crashed writer nor a damaged
 * file ever serves. A commit may carry the intent to move an alias; {@link #rollForward} completes an intent that a
 * crash left undone. Writers hold the model's {@link WriterLease} (see {@link LeaseManager}).
 */
public interface ModelStore {

    /** The store's canonical URI ({@code /x}, {@code file:/x}, {@code file:///x/} are one store); no credentials. */
    String location();

    /** True when the store holds anything for {@code model} (its folder exists). */
    boolean hasModel(String model);

    /** Committed versions of {@code model} (folders with a manifest), ascending; empty when the model has none. */
    List<Integer> versions(String model);

    /** The highest committed version, if any. */
    default Optional<Integer> latestVersion(String model) {
        List<Integer> versions = versions(model);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /**
     * The manifest of a committed version.
     *
     * @throws StoreException naming the file when it is missing, does not parse, lacks required fields, or was
     *                        written by a newer format
     */
    VersionManifest manifest(String model, int version);

    /**
     * Loads a committed version: network with updater state, normalizer, named arrays and manifest, after checking
     * the SHA-256 of every file the manifest lists (data files included).
     *
     * @throws StoreException naming the file on a checksum mismatch, a missing file or a damaged one
     */
    StoredModel load(String model, int version);

    /**
     * Reserves the next version number by creating its folder (which also checks that the store is writable before
     * any work is done). Numbers are never reused: the next is above every version folder present, quarantined
     * or deleted (a high-water mark is kept).
     */
    PendingVersion begin(String model);

    /** The number {@link #begin} would reserve now, without reserving it (for plans and dry runs). */
    int nextVersion(String model);

    /**
     * Commits {@code pending}: writes the model files, checksums them and every data file of the manifest's
     * artifacts (written into {@link PendingVersion#location()} beforehand), writes the manifest with
     * create-no-overwrite recording {@code promoteTo}, then moves that alias. A crash after the manifest and before
     * the alias move is completed by the next {@link #rollForward}.
     *
     * @return the manifest as written (with checksums and the alias intent)
     * @throws CommitConflictException if that version was committed by someone else meanwhile
     */
    VersionManifest commit(PendingVersion pending, StoredModel model, Optional<String> promoteTo);

    /**
     * Brings the model to a consistent state before anything else is done: moves version folders without a valid
     * manifest (crashed attempts, lost or damaged manifests) aside into quarantine, never deleting them, then
     * completes every alias move that a committed version recorded as intended and that did not happen. Call while
     * holding the model's lease, first thing in every run and in {@code models repair}.
     *
     * @return the alias moves completed, oldest version first
     */
    List<AliasMove> rollForward(String model);

    /** Version folders moved aside by {@link #rollForward}, with why; the operator restores or deletes them. */
    List<QuarantinedVersion> quarantined(String model);

    /**
     * URI of a committed version's data file or folder, for readers such as Spark; {@link #load} of that version
     * checked its checksum.
     */
    String artifactLocation(VersionManifest version, ai.continual.provenance.StoredArtifact artifact);

    /** The alias, if it was ever set. */
    Optional<AliasPointer> alias(String model, String alias);

    /** Every alias of the model with the version it points to. */
    Map<String, Integer> aliases(String model);

    /**
     * Points {@code alias} at committed {@code version}, appending the change to its history; the pointer file is
     * replaced atomically, so readers see the old or the new pointer, never a mix.
     *
     * @param action {@code promote} or {@code rollback}
     */
    AliasPointer moveAlias(String model, String alias, int version, String action, String by);

    /** Uncommits (manifest first) and deletes a version; refuses a version an alias points to. */
    void deleteVersion(String model, int version);
}
