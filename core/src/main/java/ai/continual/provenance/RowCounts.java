package ai.continual.provenance;

import java.util.Map;

/**
 * Rows an update trained on: from the new partition, from replay (and per class, for classification),
 * dropped as invalid, and held out of the new partition.
 */
public record RowCounts(long newRows, long replayRows, Map<Integer, Long> replayRowsPerClass, long droppedRows,
                        long heldOutRows) {
    public RowCounts {
        replayRowsPerClass = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(replayRowsPerClass));
    }
}
