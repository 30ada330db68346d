package ai.continual.store;

/**
 * A version folder moved aside because it had no valid manifest: a crashed attempt, or a version whose manifest was
 * lost or damaged. Its files are kept untouched; its number is never reused.
 *
 * @param folder where it now lives (URI, no credentials)
 * @param reason why it was moved (as printed by {@code models verify})
 */
public record QuarantinedVersion(int version, String folder, String reason) {}
