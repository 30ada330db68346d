package ai.continual.job.data;

/** Input data that breaks the data contract; the message names the partition, the column and the fix. */
public class DataContractException extends RuntimeException {
    public DataContractException(String message) {
        super(message);
    }

    public DataContractException(String message, Throwable cause) {
        super(message, cause);
    }
}
