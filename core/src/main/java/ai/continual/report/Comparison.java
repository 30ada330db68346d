package ai.continual.report;

import java.util.List;
import java.util.Optional;

/**
 * The result of {@code compare}: several strategies and a full retrain, each simulated over the same dates
 * from one config. Written as {@code comparison.json} and rendered by {@link ComparisonReport}.
 *
 * @param score what the scores are: {@code accuracy} or {@code r2}
 * @param epochs epochs of version 1 and of every retrain
 * @param updateEpochs epochs of an update from a parent ({@code training.update-epochs}, else {@code epochs}); 0 when
 *     {@code training.max-update-examples} chooses them per update
 * @param objective the config's objective the runs' {@code objectiveScore} is computed with, e.g. {@code equal}
 */
public record Comparison(String model, String configHash, String score, int epochs, int updateEpochs,
                         List<String> dates,
                         List<StrategyResult> strategies, String objective) {

    public static final String RETRAIN = "retrain";

    public Comparison {
        dates = List.copyOf(dates);
        strategies = List.copyOf(strategies);
    }

    public Optional<StrategyResult> retrain() {
        return strategies.stream().filter(s -> s.strategy().equals(RETRAIN)).findFirst();
    }
}
