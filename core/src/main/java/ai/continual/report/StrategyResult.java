package ai.continual.report;

import ai.continual.evaluation.AccuracyMatrix;
import java.util.List;

/**
 * Every run of one strategy over the compared dates, its accuracy matrix (run × partition) and totals.
 *
 * @param strategy the strategy label ({@code replay+ewc}, ..., or {@code retrain})
 * @param store where its versions were written
 */
public record StrategyResult(String strategy, String store, List<ComparisonRun> runs, AccuracyMatrix matrix) {

    public StrategyResult {
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
