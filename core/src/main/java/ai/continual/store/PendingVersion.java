package ai.continual.store;

/** A version number reserved by {@link ModelStore#begin} for a commit that has not happened yet. */
public record PendingVersion(String model, int version) {}
