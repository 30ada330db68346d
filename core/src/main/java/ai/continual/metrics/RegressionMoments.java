package ai.continual.metrics;


/**
 * Running sums from which MSE, MAE and R² follow; executors fill them and Spark merges them.
 */
public final class RegressionMoments implements MetricAccumulator {
    private static final long serialVersionUID = 1L;

    private long n;
    private double sumSquaredError;
    private double sumAbsoluteError;
    private double sumActual;
    private double sumActualSquared;

    public RegressionMoments add(double actual, double predicted) {
        double error = predicted - actual;
        n++;
        sumSquaredError += error * error;
        sumAbsoluteError += Math.abs(error);
        sumActual += actual;
        sumActualSquared += actual * actual;
        return this;
    }

    @Override
    public void add(double label, float[] output) {
        add(label, (double) output[0]);
    }

    @Override
    public RegressionMoments merge(MetricAccumulator accumulator) {
        RegressionMoments other = (RegressionMoments) accumulator;
        n += other.n;
        sumSquaredError += other.sumSquaredError;
        sumAbsoluteError += other.sumAbsoluteError;
        sumActual += other.sumActual;
        sumActualSquared += other.sumActualSquared;
        return this;
    }

    public long count() {
        return n;
    }

    /** MSE, MAE, and R² = 1 − SSE/SST (absent when the labels are constant or there are no rows). */
    @Override
    public EvaluationResult toResult() {
        if (n == 0) {
            return EvaluationResult.regression(0, null, null, null);
        }
        double mean = sumActual / n;
        double totalSumSquares = sumActualSquared - n * mean * mean;
        Double r2 = totalSumSquares > 1e-12 ? 1 - sumSquaredError / totalSumSquares : null;
        return EvaluationResult.regression(n, sumSquaredError / n, sumAbsoluteError / n, r2);
    }
}
