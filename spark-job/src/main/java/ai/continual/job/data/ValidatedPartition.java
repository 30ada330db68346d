package ai.continual.job.data;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One partition that passed the data contract, in the internal layout of {@link TrainingRows}.
 *
 * @param rowsRead rows in the files, before dropping invalid ones
 * @param droppedRows invalid rows dropped under {@code data.invalid-rows = drop}
 * @param heldOutCount valid rows flagged as held out (never trained on)
 * @param numFeatures length of every feature vector
 * @param rows the valid rows
 * @param heldOutRows the valid rows flagged as held out; a caching reader keeps them in a cache of their own
 * @param timeSteps time steps per row when the feature column is a sequence (then {@code features} holds
 *     the steps one after the other, {@code numFeatures / timeSteps} values each), else 0
 * @param samplePriorities the lowest priorities of the valid rows for the stored samples, aggregated by the
 *     validation pass of a reader asked for them ({@link PartitionReader#withSamplePriorities}), else null
 */
public record ValidatedPartition(
        LocalDate date,
        String path,
        long bytes,
        long rowsRead,
        long droppedRows,
        long heldOutCount,
        int numFeatures,
        Dataset<Row> rows,
        Dataset<Row> heldOutRows,
        int timeSteps,
        ai.continual.job.replay.PartitionPriorities samplePriorities) {

    /** This partition with {@code heldOut} (the same rows, e.g. cached) as its held-out rows. */
    public ValidatedPartition withHeldOutRows(Dataset<Row> heldOut) {
        return withRows(rows, heldOut, samplePriorities);
    }

    /** This partition with other views of the same rows (e.g. widened from a cache) and its priorities. */
    public ValidatedPartition withRows(Dataset<Row> valid, Dataset<Row> heldOut,
                                       ai.continual.job.replay.PartitionPriorities priorities) {
        return new ValidatedPartition(date, path, bytes, rowsRead, droppedRows, heldOutCount, numFeatures, valid, heldOut,
                timeSteps, priorities);
    }

    /** The shape of one row's features, as the network builder needs it. */
    public ai.continual.model.FeatureShape featureShape() {
        return new ai.continual.model.FeatureShape(numFeatures, timeSteps);
    }

    public Dataset<Row> trainingRows() {
        return rows.where("NOT " + TrainingRows.HOLDOUT);
    }

    public long trainingRowCount() {
        return rowsRead - droppedRows - heldOutCount;
    }
}
