package ai.continual.job.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * What one run of the pipeline will do, decided from the store and the data before anything is trained or
 * written: {@code update --dry-run} prints exactly this, and {@code execute} runs exactly this (same parent,
 * version number, partitions and row counts). Built by {@code NightlyUpdate.plan}.
 *
 * @param model the model name
 * @param kind {@code update}, {@code retrain} or {@code init}
 * @param date the partition to learn from (a retrain's last partition)
 * @param store where the model store lives
 * @param dataRoot the dataset root, qualified
 * @param runKey the rerun identity: store, model, kind, date, the settings that train, and the new partition's
 *     files (names, sizes, modification times); a rerun with the same key is answered from the store
 * @param alreadyCommittedAs the version that already holds this run (nothing is planned then); null otherwise
 * @param parentVersion the production version the update starts from (after any interrupted promotion is
 *     completed); null for a version built from scratch
 * @param version the number the new version will get
 * @param storeTarget the folder the new version will be written to
 * @param inputFeatures values per row, read from the data (a sequence's time steps x values per step)
 * @param timeSteps time steps of a sequence column, 0 for a plain feature array
 * @param partitionsFound every partition date under the root
 * @param historyPartitions the partitions before {@code date} the run reads (none when the parent's stored
 *     reservoir and held-out sample stand in for them)
 * @param replaySource where replay rows come from: {@code reservoir of version N}, {@code history} or {@code none}
 * @param newRowsRead rows in the new partition's files
 * @param newTrainingRows rows of the new partition (a retrain: of every partition read) that could train, after
 *     the held-out split and invalid-row drops
 * @param newHeldOutRows rows of the new partition held out for evaluation
 * @param droppedRows invalid rows dropped over the partitions read
 * @param trainingRows the new rows that train: {@code newTrainingRows} capped at {@code training.max-new-rows}
 * @param replayTarget replay rows the config asks for ({@code replay.ratio}, {@code replay.max-rows})
 * @param replayRows replay rows the run draws: the target, capped by the rows replay can draw from
 * @param epochs training epochs
 * @param examplesToTrain examples the run fits: (training rows + replay rows) x epochs
 */
public record UpdatePlan(
        String model,
        String kind,
        String date,
        String store,
        String dataRoot,
        String runKey,
        Integer alreadyCommittedAs,
        Integer parentVersion,
        int version,
        String storeTarget,
        int inputFeatures,
        int timeSteps,
        List<String> partitionsFound,
        List<String> historyPartitions,
        String replaySource,
        long newRowsRead,
        long newTrainingRows,
        long newHeldOutRows,
        long droppedRows,
        long trainingRows,
        long replayTarget,
        long replayRows,
        int epochs,
        long examplesToTrain) {

    public UpdatePlan {
        partitionsFound = List.copyOf(partitionsFound);
        historyPartitions = List.copyOf(historyPartitions);
    }

    /** The plan of a run the store already holds as {@code version}: nothing to train or write. */
    public static UpdatePlan alreadyCommitted(String model, RunKind kind, String date, String store, String dataRoot,
                                              String runKey, int version) {
        return new UpdatePlan(model, kind.label(), date, store, dataRoot, runKey, version, null, version, null, 0, 0,
                List.of(), List.of(), "none", 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** True when the store already holds this run and nothing will be trained. */
    public boolean isAlreadyCommitted() {
        return alreadyCommittedAs != null;
    }

    /** Examples in one epoch: training rows plus replay rows. */
    public long examplesPerEpoch() {
        return trainingRows + replayRows;
    }

    /** The plan as lines a person reads. */
    public List<String> describe() {
        if (isAlreadyCommitted()) {
            return List.of("Dry run: nothing is trained or written.",
                    model + " " + kind + " for " + date + " is already committed as version " + alreadyCommittedAs
                            + " (run " + runKey + "); the run would train nothing. Pass --force for a new version.");
        }
        List<String> lines = new ArrayList<>();
        lines.add("Dry run: nothing is trained or written.");
        lines.add("model:              " + model + " " + kind + ", version " + version
                + (parentVersion == null ? " built from scratch" : " from parent version " + parentVersion));
        lines.add("run key:            " + runKey);
        lines.add("partitions found:   " + partitionsFound.size() + " under " + dataRoot + " " + partitionsFound);
        lines.add("new partition:      date=" + date + ": " + newRowsRead + " rows, " + newTrainingRows
                + " to train, " + newHeldOutRows + " held out");
        lines.add("input:              " + inputFeatures + " values per row"
                + (timeSteps > 0 ? " (" + timeSteps + " time steps of " + inputFeatures / timeSteps + ")" : ""));
        lines.add("history read:       " + historyPartitions.size() + " partition(s) " + historyPartitions
                + (droppedRows > 0 ? "; " + droppedRows + " invalid rows dropped" : ""));
        lines.add("training rows:      " + trainingRows + (trainingRows < newTrainingRows
                ? " (capped from " + newTrainingRows + " by training.max-new-rows)" : ""));
        lines.add("replay:             " + replayRows + " rows (target " + replayTarget + ") from " + replaySource);
        lines.add("examples to train:  " + examplesToTrain + " (" + examplesPerEpoch() + " per epoch x " + epochs
                + " epochs)");
        lines.add("store target:       " + storeTarget);
        return lines;
    }
}
