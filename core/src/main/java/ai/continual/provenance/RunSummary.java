package ai.continual.provenance;

import ai.continual.metrics.EvaluationResult;
import ai.continual.selection.StrategySelection;
import java.util.List;
import java.util.Map;

/**
 * What one run did, printed as the last line of stdout and kept in the version's manifest.
 *
 * @param metrics evaluation per partition date, on that partition's held-out (or eval-root) rows
 * @param durationsMs wall time per phase, in milliseconds
 * @param runKey the run's identity (what it trained: store, model, kind, date, settings and the new partition's
 *     files), which a rerun is recognised by; null in versions written before run keys
 * @param selection what an automatic update ({@code strategy = [auto]}) tried, each candidate's selection scores
 *     and cost, and what it chose; null for a fixed strategy and in summaries written before it existed
 * @param training the batch size and averaging frequency the run trained with (auto values resolved); under
 *     {@code strategy = [auto]} those of the replay candidate (a candidate on fewer rows resolves its own); null for
 *     a run that did not train, and in summaries written before it existed
 */
public record RunSummary(
        String model,
        int version,
        Integer parent,
        String date,
        VersionKind kind,
        List<String> partitionsRead,
        RowCounts rows,
        Map<String, EvaluationResult> metrics,
        Map<String, Long> durationsMs,
        String runKey,
        StrategySelection selection,
        TrainingSettings training) {

    /** A summary without a run key or a selection (versions written before them, fixtures). */
    public RunSummary(String model, int version, Integer parent, String date, VersionKind kind, List<String> partitionsRead,
                      RowCounts rows, Map<String, EvaluationResult> metrics, Map<String, Long> durationsMs) {
        this(model, version, parent, date, kind, partitionsRead, rows, metrics, durationsMs, null, null);
    }

    /** A summary without the resolved training settings (a run that did not train one network, fixtures). */
    public RunSummary(String model, int version, Integer parent, String date, VersionKind kind, List<String> partitionsRead,
                      RowCounts rows, Map<String, EvaluationResult> metrics, Map<String, Long> durationsMs,
                      String runKey, StrategySelection selection) {
        this(model, version, parent, date, kind, partitionsRead, rows, metrics, durationsMs, runKey, selection, null);
    }

    /**
     * Training examples the run processed: every candidate's under auto, else its rows × the epochs it recorded
     * ({@code configuredEpochs} for a summary written before runs recorded them).
     */
    public long trainingExamples(int configuredEpochs) {
        int epochs = training != null && training.epochs() > 0 ? training.epochs() : configuredEpochs;
        return selection != null ? selection.examples() : (rows.newRows() + rows.replayRows()) * epochs;
    }

    public RunSummary {
        partitionsRead = List.copyOf(partitionsRead);
        metrics = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(metrics));
        durationsMs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(durationsMs));
    }
}
