package ai.continual.store;

/**
 * A version's manifest exists but cannot be used: it does not parse, or lacks what every reader needs (e.g. a
 * manifest of {@code {}}). The version is moved aside into quarantine by the next roll-forward.
 */
public class InvalidManifestException extends StoreException {
    public InvalidManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
