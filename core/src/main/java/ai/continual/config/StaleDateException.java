package ai.continual.config;

/** The requested partition date is older than what the model has already learned; refused without --force. */
public class StaleDateException extends ConfigException {
    public StaleDateException(String message) {
        super(message);
    }
}
