package ai.continual.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Metrics of one model on one set of rows (e.g. the held-out rows of one partition). Classification
 * fills accuracy and per-class accuracy; regression fills MSE, MAE and R². Absent values are null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluationResult(
        long rows,
        Double accuracy,
        Map<Integer, Double> perClassAccuracy,
        Double mse,
        Double mae,
        Double r2) {

    public static EvaluationResult classification(long rows, Double accuracy, Map<Integer, Double> perClass) {
        return new EvaluationResult(rows, accuracy, java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(perClass)), null, null, null);
    }

    public static EvaluationResult regression(long rows, Double mse, Double mae, Double r2) {
        return new EvaluationResult(rows, null, null, mse, mae, r2);
    }
}
