package ai.continual.selection;

import ai.continual.metrics.EvaluationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The user's objective, stated once in the {@code objective} config section: one score for a model from its
 * scores per partition date, weighting each date by its age (in dates, counted back from the newest date
 * scored). The promotion gate, fusion's α choice and the automatic strategy selection all score with it, and
 * {@code compare} reports it beside the all-dates average and the newest-date score.
 *
 * @param pastWeight how past dates count against the newest
 * @param halfLifeDates for {@link PastWeight#HALF_LIFE}: the age in dates at which a date counts half
 */
public record Objective(PastWeight pastWeight, double halfLifeDates) {

    /** All dates equal: the all-dates average. */
    public static final Objective EQUAL = new Objective(PastWeight.EQUAL, 1);
    /** The newest date alone. */
    public static final Objective NEWEST_ONLY = new Objective(PastWeight.NEWEST_ONLY, 1);

    public Objective {
        if (pastWeight == null) {
            throw new IllegalArgumentException("objective.past-weight is not set");
        }
        if (!(halfLifeDates > 0)) {
            throw new IllegalArgumentException("objective.half-life-dates must be above 0, found " + halfLifeDates);
        }
    }

    /** Weight of a date {@code age} dates older than the newest (age 0). */
    public double weight(int age) {
        return switch (pastWeight) {
            case EQUAL -> 1;
            case HALF_LIFE -> Math.pow(0.5, age / halfLifeDates);
            case NEWEST_ONLY -> age == 0 ? 1 : 0;
        };
    }

    /**
     * How much {@code pastDates} dates (ages 1 to pastDates) weigh together against the newest date: the replay rows
     * per new row that give each date the share of the training mix the objective gives it (used by {@code
     * replay.ratio = auto}). Equal: pastDates; newest-only: 0.
     */
    public double pastToNewestWeight(int pastDates) {
        double past = 0;
        for (int age = 1; age <= pastDates; age++) {
            past += weight(age);
        }
        return past / weight(0);
    }

    /**
     * The weighted mean of {@code scoresByDate} (keys are ISO dates, yyyy-MM-dd, so they sort by time; NaN and
     * null scores are skipped); null when there is no score.
     */
    public Double score(Map<String, Double> scoresByDate) {
        List<Map.Entry<String, Double>> dated = newestFirst(scoresByDate);
        double sum = 0;
        double weights = 0;
        for (int age = 0; age < dated.size(); age++) {
            double w = weight(age);
            sum += w * dated.get(age).getValue();
            weights += w;
        }
        return weights == 0 ? null : sum / weights;
    }

    /**
     * The binomial standard error of {@link #score} over per-date accuracies, √(Σ w²·p(1−p)/n) / Σ w; 0 when a
     * date has no accuracy (R² has no such closed form).
     */
    public double standardError(Map<String, EvaluationResult> resultsByDate) {
        Map<String, Double> accuracies = new TreeMap<>();
        for (Map.Entry<String, EvaluationResult> e : resultsByDate.entrySet()) {
            EvaluationResult r = e.getValue();
            if (r.accuracy() == null || r.rows() == 0) {
                return 0;
            }
            accuracies.put(e.getKey(), r.accuracy());
        }
        List<Map.Entry<String, Double>> dated = newestFirst(accuracies);
        double variance = 0;
        double weights = 0;
        for (int age = 0; age < dated.size(); age++) {
            double w = weight(age);
            double p = dated.get(age).getValue();
            variance += w * w * p * (1 - p) / resultsByDate.get(dated.get(age).getKey()).rows();
            weights += w;
        }
        return weights == 0 ? 0 : Math.sqrt(variance) / weights;
    }

    /** How the config says it, e.g. {@code half-life 2 dates}. */
    public String describe() {
        return switch (pastWeight) {
            case EQUAL -> "equal";
            case HALF_LIFE -> String.format(Locale.ROOT, "half-life %s dates", halfLifeDates);
            case NEWEST_ONLY -> "newest-only";
        };
    }

    private static List<Map.Entry<String, Double>> newestFirst(Map<String, Double> scoresByDate) {
        List<Map.Entry<String, Double>> dated = new ArrayList<>();
        new TreeMap<>(scoresByDate).descendingMap().forEach((date, score) -> {
            if (score != null && !score.isNaN()) {
                dated.add(Map.entry(date, score));
            }
        });
        return dated;
    }
}
