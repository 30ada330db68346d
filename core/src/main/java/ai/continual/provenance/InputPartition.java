package ai.continual.provenance;

/**
 * One partition a version was trained or evaluated on.
 *
 * @param role {@code new} (the update's partition), {@code history} (replay source) or {@code eval}
 * @param rows rows in the partition as read (before the held-out split and before dropping invalid rows)
 * @param bytes size of its files on storage
 * @param replayRows rows of this partition in the update's replay sample
 */
public record InputPartition(String role, String date, String path, long rows, long bytes, long replayRows) {}
