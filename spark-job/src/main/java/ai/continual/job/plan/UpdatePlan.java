package ai.continual.job.plan;

import java.util.List;

/**
 * What an {@code update} would do, worked out from the data and the store without training or writing:
 * the output of {@code update --dry-run}.
 *
 * @param model the model name
 * @param date the partition to learn from
 * @param dataRoot the dataset root, qualified
 * @param partitionsFound every partition date under the root
 * @param historyPartitions the partitions before {@code date}, which replay draws from and evaluation covers
 * @param newRowsRead rows in the new partition's files
 * @param newTrainingRows rows of the new partition that train (after held-out split and invalid-row drops)
 * @param newHeldOutRows rows of the new partition held out for evaluation
 * @param droppedRows invalid rows dropped over the new and history partitions
 * @param historyTrainingRows training rows available in the history partitions
 * @param replayTarget replay rows the config asks for ({@code replay.ratio}, {@code replay.max-rows})
 * @param replayRows replay rows the run can draw (the target, capped by what history holds)
 * @param epochs training epochs
 * @param examplesToTrain examples the run fits: (new training rows + replay rows) x epochs
 * @param parentVersion the latest committed version the update starts from; null for an initial build
 * @param storeTarget where the new version will be written (its number is at least parent + 1)
 */
public record UpdatePlan(
        String model,
        String date,
        String dataRoot,
        List<String> partitionsFound,
        List<String> historyPartitions,
        long newRowsRead,
        long newTrainingRows,
        long newHeldOutRows,
        long droppedRows,
        long historyTrainingRows,
        long replayTarget,
        long replayRows,
        int epochs,
        long examplesToTrain,
        Integer parentVersion,
        String storeTarget) {

    public UpdatePlan {
        partitionsFound = List.copyOf(partitionsFound);
        historyPartitions = List.copyOf(historyPartitions);
    }

    /** Examples in one epoch: new training rows plus replay rows. */
    public long examplesPerEpoch() {
        return newTrainingRows + replayRows;
    }

    /** The plan as lines a person reads. */
    public List<String> describe() {
        return List.of(
                "Dry run: nothing is trained or written.",
                "model:              " + model + (parentVersion == null ? " (no version yet: initial build)"
                        : " (starts from version " + parentVersion + ")"),
                "partitions found:   " + partitionsFound.size() + " under " + dataRoot + " " + partitionsFound,
                "new partition:      date=" + date + ": " + newRowsRead + " rows, " + newTrainingRows + " to train, "
                        + newHeldOutRows + " held out",
                "history:            " + historyPartitions.size() + " partition(s), " + historyTrainingRows
                        + " training rows" + (droppedRows > 0 ? "; " + droppedRows + " invalid rows dropped" : ""),
                "replay:             " + replayRows + " rows (target " + replayTarget + ")",
                "examples to train:  " + examplesToTrain + " (" + examplesPerEpoch() + " per epoch x " + epochs
                        + " epochs)",
                "store target:       " + storeTarget);
    }
}
