package ai.continual.model;

/**
 * What one example's flat feature array is: {@code length} values, and for a sequence column
 * {@code timeSteps} steps of {@code length / timeSteps} values each (step after step).
 *
 * @param timeSteps the number of time steps of a sequence column, 0 for a plain feature array
 */
public record FeatureShape(int length, int timeSteps) {

    public FeatureShape {
        if (length < 1) {
            throw new IllegalArgumentException("Feature length must be positive, found " + length);
        }
        if (timeSteps < 0 || (timeSteps > 0 && length % timeSteps != 0)) {
            throw new IllegalArgumentException(length + " features do not split into " + timeSteps + " time steps");
        }
    }

    /** A plain feature array of {@code length} values. */
    public static FeatureShape flat(int length) {
        return new FeatureShape(length, 0);
    }

    public boolean isSequence() {
        return timeSteps > 0;
    }

    /** Values per time step of a sequence. */
    public int stepWidth() {
        return timeSteps > 0 ? length / timeSteps : length;
    }
}
