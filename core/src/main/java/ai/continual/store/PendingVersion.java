package ai.continual.store;

/**
 * A version number reserved by {@link ModelStore#begin} for a commit that has not happened yet.
 *
 * @param location URI of the version's folder: data files (listed in the manifest as artifacts) are written under
 *                 it before {@link ModelStore#commit}, which checksums them; they become visible with the manifest
 */
public record PendingVersion(String model, int version, String location) {}
