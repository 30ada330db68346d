package ai.continual.config;

/** A configuration that cannot run: the message names the key, what was found and the fix. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
