package ai.continual.store;

/**
 * The one-writer-per-model lease held by the current process; closing releases it. Held for the
 * whole of an update or a version-management command so that no two writers touch a model at once.
 */
public interface WriterLease extends AutoCloseable {

    /** What is written in the lease file. */
    LeaseRecord record();

    /** Deletes the lease file if it is still this holder's. */
    @Override
    void close();
}
