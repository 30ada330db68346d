package ai.continual.job.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.config.AveragingEngine;
import ai.continual.config.LayerSpec;
import ai.continual.config.MinibatchCache;
import ai.continual.config.ModelConfig;
import ai.continual.config.Task;
import ai.continual.config.TrainingConfig;
import ai.continual.job.LocalSpark;
import ai.continual.job.TestData;
import ai.continual.job.data.ExampleRow;
import ai.continual.model.NetworkFactory;
import ai.continual.normalize.Standardizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Training rows turned into minibatches directly ({@link RowToDataSet#batch}: one features and one labels array per
 * minibatch) hold exactly the values of one-example DataSets merged per minibatch, and train exactly the same
 * parameters, in memory and through the spilling layout, so the faster path changes no result.
 */
class MinibatchesFromRowsTest {

    @TempDir
    Path tmp;

    @Test
    void aMinibatchHoldsTheValuesOfItsRowsOneExampleDataSetsMerged() {
        RowToDataSet toDataSet = toDataSet(Task.CLASSIFICATION, 3);
        List<ExampleRow> rows = ExampleRow.of(TestData.internalRows(10, 5)).collect();

        DataSet batch = toDataSet.batch(rows);
        DataSet merged = DataSet.merge(rows.stream().map(toDataSet::call).toList());

        assertThat(batch.numExamples()).isEqualTo(10);
        assertThat(batch.getFeatures().toFloatMatrix()).isDeepEqualTo(merged.getFeatures().toFloatMatrix());
        assertThat(batch.getLabels().toFloatMatrix()).isDeepEqualTo(merged.getLabels().toFloatMatrix());
        assertThat(batch.getFeatures().getFloat(3, 1)).isEqualTo((float) ((rows.get(3).getFeatures()[1] - 1) / 2));
        assertThat(batch.getLabels().getFloat(4, (int) rows.get(4).getLabel())).isEqualTo(1f);
        assertThat(batch.getLabels().sumNumber().intValue()).isEqualTo(10);

        RowToDataSet regression = toDataSet(Task.REGRESSION, 1);
        assertThat(regression.batch(rows).getLabels().toFloatMatrix())
                .isDeepEqualTo(DataSet.merge(rows.stream().map(regression::call).toList()).getLabels().toFloatMatrix());
    }

    @Test
    void rowsBuiltIntoMinibatchesTrainTheSameParametersAsOneExampleDataSets() {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(LocalSpark.session().sparkContext());
        RowToDataSet toDataSet = toDataSet(Task.CLASSIFICATION, 3);
        Dataset<Row> rows = TestData.internalRows(90, 7);
        for (MinibatchCache cache : new MinibatchCache[] {MinibatchCache.MEMORY, MinibatchCache.DISK}) {
            TrainingConfig training = new TrainingConfig(2, 8, 2, "adam", 0.01, 2, Optional.empty(), 1, 0,
                    AveragingEngine.IN_MEMORY, cache, 0, 0, 0);
            MultiLayerNetwork start = NetworkFactory.build(new ModelConfig(List.of(new LayerSpec(12, "relu")), 0),
                    training, Task.CLASSIFICATION, 6, 3, 11);
            JavaRDD<ExampleRow> examples = ExampleRow.of(rows).repartition(2).cache();

            MultiLayerNetwork fromRows = new DistributedTrainer(sc, training, 7).fit(start.clone(), examples, toDataSet,
                    90, tmp.toUri().toString());
            MultiLayerNetwork fromExamples = new DistributedTrainer(sc, training, 7).fit(start.clone(),
                    examples.map(toDataSet), 90, tmp.toUri().toString());

            assertThat(fromRows.params().data().asFloat()).as("%s", cache)
                    .containsExactly(fromExamples.params().data().asFloat());
            assertThat(fromRows.getUpdater().getStateViewArray().data().asFloat()).as("%s", cache)
                    .containsExactly(fromExamples.getUpdater().getStateViewArray().data().asFloat());
            assertThat(fromRows.params()).isNotEqualTo(start.params());
            examples.unpersist();
        }
    }

    private static RowToDataSet toDataSet(Task task, int outputs) {
        double[] mean = new double[6];
        double[] std = new double[6];
        Arrays.fill(mean, 1);
        Arrays.fill(std, 2);
        return new RowToDataSet(new Standardizer(mean, std), task, outputs);
    }
}
