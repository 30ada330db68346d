package ai.continual.store;

/** Another writer committed the same version first; nothing of this commit became visible. */
public class CommitConflictException extends StoreException {
    public CommitConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
