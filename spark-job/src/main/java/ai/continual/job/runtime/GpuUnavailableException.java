package ai.continual.job.runtime;

/** {@code --require-gpu} was given but the driver or an executor runs ND4J without a GPU. */
public class GpuUnavailableException extends RuntimeException {
    public GpuUnavailableException(String message) {
        super(message);
    }
}
