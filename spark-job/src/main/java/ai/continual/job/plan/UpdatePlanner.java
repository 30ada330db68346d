package ai.continual.job.plan;

import ai.continual.config.JobConfig;
import ai.continual.job.data.DataContractException;
import ai.continual.job.data.PartitionLayout;
import ai.continual.job.data.PartitionReader;
import ai.continual.job.data.ValidatedPartition;
import ai.continual.store.ModelStore;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Works out an {@link UpdatePlan}: reads and validates the same partitions an update would (so a dry run
 * fails where the run would, with the same exit code) and counts rows, but trains and writes nothing.
 */
public final class UpdatePlanner {

    private final SparkSession spark;
    private final JobConfig config;
    private final ModelStore store;

    public UpdatePlanner(SparkSession spark, JobConfig config, ModelStore store) {
        this.spark = spark;
        this.config = config;
        this.store = store;
    }

    public UpdatePlan plan(LocalDate date) {
        String model = config.modelName();
        Optional<Integer> parent = store.latestVersion(model);
        int expectedFeatures = parent.map(v -> store.load(model, v).network().layerInputSize(0)).orElse(0);
        PartitionReader reader = new PartitionReader(spark, config.data(),
                new PartitionLayout(config.data().root(), spark.sparkContext().hadoopConfiguration()));
        ValidatedPartition current = reader.read(date, expectedFeatures);
        if (current.trainingRowCount() == 0) {
            throw new DataContractException("Partition date=" + date + " (" + current.path() + ") has no rows left"
                    + " to train on after the held-out split and invalid-row drops; lower data.holdout-fraction.");
        }
        List<LocalDate> found = reader.layout().dates();
        List<ValidatedPartition> history = found.stream().filter(d -> d.isBefore(date))
                .map(d -> reader.read(d, current.numFeatures())).toList();

        long historyRows = history.stream().mapToLong(ValidatedPartition::trainingRowCount).sum();
        long dropped = current.droppedRows() + history.stream().mapToLong(ValidatedPartition::droppedRows).sum();
        long replayTarget = config.replay().targetRows(current.trainingRowCount());
        long replayRows = Math.min(replayTarget, historyRows);
        int epochs = config.training().epochs();
        long examples = (current.trainingRowCount() + replayRows) * epochs;
        String target = store.location() + "/" + model + "/versions/" + String.format("%06d", parent.orElse(0) + 1);
        return new UpdatePlan(model, date.toString(), reader.layout().root(),
                found.stream().map(LocalDate::toString).toList(),
                history.stream().map(p -> p.date().toString()).toList(),
                current.rowsRead(), current.trainingRowCount(), current.heldOutCount(), dropped, historyRows,
                replayTarget, replayRows, epochs, examples, parent.orElse(null), target);
    }
}
