package ai.continual.store;

import java.time.Instant;

/**
 * The content of a model's lease file: who writes the model, since when, and until when the lease
 * holds if the writer dies without releasing it.
 *
 * @param owner unique id of the holder (host, process id, random suffix)
 * @param purpose what the holder does, e.g. {@code update 2026-11-27}
 */
public record LeaseRecord(String owner, String purpose, String startedAt, String expiresAt) {

    /** True once the lease can be taken over by another writer. */
    public boolean expiredAt(Instant now) {
        return now.isAfter(Instant.parse(expiresAt));
    }
}
