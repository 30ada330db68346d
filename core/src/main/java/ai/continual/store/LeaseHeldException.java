package ai.continual.store;

/** Another run holds the model's writer lease; nothing was written. The message names the holder and the fix. */
public class LeaseHeldException extends StoreException {
    public LeaseHeldException(String message) {
        super(message);
    }
}
