package ai.continual.store;

/**
 * The one-writer-per-model lease held by the current process, renewed by a heartbeat until closed; closing stops
 * the heartbeat and releases it. Held for the whole of an update or a version-management command so that no two
 * writers touch a model at once.
 */
public interface WriterLease extends AutoCloseable {

    /** What was written in the lease file when it was taken. */
    LeaseRecord record();

    /**
     * Fails when the lease was lost (its renewal found another holder, or it could not be renewed before it
     * expired); call before committing, so that a writer that lost its lease writes nothing visible.
     *
     * @throws LeaseHeldException naming the new holder or the renewal failure
     */
    void ensureHeld();

    /** Stops the heartbeat and deletes the lease file if it is still this holder's. */
    @Override
    void close();
}
