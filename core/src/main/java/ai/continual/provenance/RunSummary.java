package ai.continual.provenance;

import ai.continual.metrics.EvaluationResult;
import java.util.List;
import java.util.Map;

/**
 * What one run did, printed as the last line of stdout and kept in the version's manifest.
 *
 * @param metrics evaluation per partition date, on that partition's held-out (or eval-root) rows
 * @param durationsMs wall time per phase, in milliseconds
 * @param runKey the run's identity (what it trained: store, model, kind, date, settings and the new partition's
 *     files), which a rerun is recognised by; null in versions written before run keys
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
        String runKey) {

    /** A summary without a run key (versions written before run keys, fixtures). */
    public RunSummary(String model, int version, Integer parent, String date, VersionKind kind, List<String> partitionsRead,
                      RowCounts rows, Map<String, EvaluationResult> metrics, Map<String, Long> durationsMs) {
        this(model, version, parent, date, kind, partitionsRead, rows, metrics, durationsMs, null);
    }

    public RunSummary {
        partitionsRead = List.copyOf(partitionsRead);
        metrics = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(metrics));
        durationsMs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(durationsMs));
    }
}
