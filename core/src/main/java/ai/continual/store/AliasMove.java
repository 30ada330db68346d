package ai.continual.store;

/**
 * An alias move completed by {@link ModelStore#rollForward}: a committed version recorded the intent to move
 * {@code alias} to it and a crash (or a failed write) left the alias behind.
 *
 * @param from the version the alias pointed at before, null if it did not exist
 */
public record AliasMove(String alias, int version, Integer from) {}
