package ai.continual.store;

import java.time.Instant;

/**
 * The content of a model's lease file: who writes the model, since when, and until when the lease holds if the
 * writer dies without releasing it (the holder's heartbeat pushes {@code expiresAt} forward).
 *
 * @param owner unique id of the holder (host, process id, random suffix)
 * @param host host name of the holder; null in leases written before heartbeats
 * @param pid process id of the holder; 0 when unknown
 * @param purpose what the holder does, e.g. {@code update 2026-11-27}
 * @param renewedAt the holder's last heartbeat (its start when never renewed)
 */
public record LeaseRecord(String owner, String host, long pid, String purpose, String startedAt, String renewedAt,
                          String expiresAt) {

    /** True once the lease can be taken over by another writer. */
    public boolean expiredAt(Instant now) {
        return now.isAfter(Instant.parse(expiresAt));
    }

    /** This lease renewed at {@code now} until {@code expiresAt}. */
    LeaseRecord renewed(Instant now, Instant until) {
        return new LeaseRecord(owner, host, pid, purpose, startedAt, now.toString(), until.toString());
    }

    /** Who holds it, for messages: owner, purpose and times. */
    public String describe() {
        return owner + " (" + purpose + ", since " + startedAt + ", last renewed " + renewedAt + ", expires "
                + expiresAt + ")";
    }
}
