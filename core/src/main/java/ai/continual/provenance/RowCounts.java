package ai.continual.provenance;

/**
 * Rows an update trained on: from the new partition, from replay, dropped as invalid, and held out.
 */
public record RowCounts(long newRows, long replayRows, long droppedRows, long heldOutRows) {}
