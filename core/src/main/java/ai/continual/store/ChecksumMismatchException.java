package ai.continual.store;

/** A file of a committed version does not match the SHA-256 its manifest recorded, or is missing; the message names it. */
public class ChecksumMismatchException extends StoreException {
    public ChecksumMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
