package ai.continual.evaluation;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row of an accuracy matrix: the score of one version on the held-out rows of each partition it was
 * evaluated on (accuracy for classification, R² for regression; higher is better).
 *
 * @param label what the row is, e.g. the version number or the date it learned
 * @param date the partition date the version learned; its own partition's score is the "new" score
 * @param scores score per partition date (yyyy-MM-dd)
 */
public record VersionScores(String label, String date, Map<String, Double> scores) {
    public VersionScores {
        scores = Collections.unmodifiableMap(new TreeMap<>(scores));
    }
}
