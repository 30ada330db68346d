package ai.continual.report;

import ai.continual.evaluation.AccuracyMatrix;
import java.util.List;

/**
 * Every run of one strategy over the compared dates, its accuracy matrix (run × partition) and totals.
 *
 * @param strategy the strategy's name ({@code replay+ewc}, a name given to a tuned variant, or {@code retrain})
 * @param store where its versions were written
 * @param settings the config settings ({@code key=value}) this strategy ran with beyond the shared config
 */
public record StrategyResult(String strategy, String store, List<String> settings, List<ComparisonRun> runs,
                             AccuracyMatrix matrix) {

    public StrategyResult {
        settings = settings == null ? List.of() : List.copyOf(settings);
        runs = List.copyOf(runs);
    }

    public ComparisonRun last() {
        return runs.get(runs.size() - 1);
    }

    public long totalExamples() {
        return runs.stream().mapToLong(ComparisonRun::examples).sum();
    }

    public long totalWallMs() {
        return runs.stream().mapToLong(ComparisonRun::wallMs).sum();
    }
}
