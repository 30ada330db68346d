package ai.continual.store;

import java.util.Optional;

/**
 * One writer per model: every command that changes a model's store takes its lease first. A lease lives for a
 * short time-to-live and is renewed by a heartbeat of the process holding it, so a crashed writer's lease expires
 * within minutes; a lease whose holder is a dead process on this host is taken over at once.
 */
public interface LeaseManager {

    /**
     * Takes the model's lease and starts renewing it in the background until it is closed.
     *
     * @param purpose what the holder does, e.g. {@code update 2026-11-27}, shown to whoever finds the lease held
     * @throws LeaseHeldException at once when a live lease of another process exists; the message names the holder
     */
    WriterLease acquire(String model, String purpose);

    /** The lease as stored, if any (expired or not). */
    Optional<LeaseRecord> current(String model);

    /**
     * Removes the model's lease, for an operator after a crash. Refuses a lease that is still live (renewed within
     * its time-to-live, or held by a live process on this host) unless {@code force}.
     *
     * @return the lease removed, if there was one
     * @throws LeaseHeldException when the lease is live and {@code force} is false; the message names the holder
     */
    Optional<LeaseRecord> unlock(String model, boolean force);
}
