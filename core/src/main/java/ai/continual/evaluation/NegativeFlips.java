package ai.continual.evaluation;

/**
 * Version-to-version regression: among {@code rows} held-out rows, how many the parent predicted right
 * and the new version predicts wrong ({@code flips}). Regression counts a flip when the absolute error
 * grows past the parent's by more than the parent's own error (the prediction got more than twice as bad).
 */
public record NegativeFlips(long rows, long flips) {

    public double rate() {
        return rows == 0 ? 0 : (double) flips / rows;
    }
}
