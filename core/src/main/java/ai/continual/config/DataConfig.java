package ai.continual.config;

import java.util.List;
import java.util.Optional;

/**
 * Where the data lives and how its columns map to features and label.
 *
 * @param featureArrayColumn the single array column holding the features, if features come as an array
 * @param featureColumns the numeric columns forming the features, if features come as columns
 * @param standardizeTarget regression only: train on targets standardised with version 1's target mean and std
 *     (stored with the normalizer); predictions are mapped back, so metrics stay in the target's units
 * @param storedHoldoutRows held-out rows per partition date kept with each version, so an update evaluates
 *     past dates without re-reading their partitions; 0 = re-read every partition's held-out rows
 */
public record DataConfig(
        String root,
        DataFormat format,
        Optional<String> featureArrayColumn,
        List<String> featureColumns,
        String labelColumn,
        Optional<String> idColumn,
        Task task,
        int numClasses,
        InvalidRowPolicy invalidRows,
        double holdoutFraction,
        Optional<String> evalRoot,
        NormalizerKind normalizer,
        boolean standardizeTarget,
        int storedHoldoutRows) {

    public DataConfig {
        featureColumns = List.copyOf(featureColumns);
    }

    /** The columns the job reads from every partition, in a stable order. */
    public List<String> requiredColumns() {
        var columns = new java.util.ArrayList<String>();
        featureArrayColumn.ifPresent(columns::add);
        columns.addAll(featureColumns);
        columns.add(labelColumn);
        idColumn.ifPresent(columns::add);
        return List.copyOf(columns);
    }
}
