package ai.continual.job.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.continual.config.AveragingEngine;
import ai.continual.config.LayerSpec;
import ai.continual.config.MinibatchCache;
import ai.continual.config.ModelConfig;
import ai.continual.config.Task;
import ai.continual.config.TrainingConfig;
import ai.continual.job.LocalSpark;
import ai.continual.job.TestData;
import ai.continual.job.train.RowToDataSet;
import ai.continual.model.NetworkFactory;
import ai.continual.normalize.Standardizer;
import ai.continual.strategy.DiagonalFisher;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * The Fisher's per-example backward passes run in every partition of the rows, each on its share of the samples,
 * not gathered into one task (which {@code Dataset.limit} did), and the sum counts the samples asked for.
 */
class SparkFisherTest {

    @Test
    void everyPartitionComputesItsShareOfTheSamples() throws Exception {
        SparkSession spark = LocalSpark.session();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TrainingConfig training = new TrainingConfig(1, 8, 2, "adam", 0.01, 1, Optional.empty(), 1, 0,
                AveragingEngine.IN_MEMORY, MinibatchCache.MEMORY, 0, 0, 0);
        MultiLayerNetwork network = NetworkFactory.build(new ModelConfig(List.of(new LayerSpec(12, "relu")), 0),
                training, Task.CLASSIFICATION, 6, 3, 11);
        Dataset<Row> rows = TestData.internalRows(400, 3).repartition(4);
        double[] mean = new double[6];
        double[] std = new double[6];
        Arrays.fill(std, 1);
        RowToDataSet toDataSet = new RowToDataSet(new Standardizer(mean, std), Task.CLASSIFICATION, 3);

        List<Integer> lastStageTasks = new CopyOnWriteArrayList<>();
        SparkListener stages = new SparkListener() {
            @Override
            public void onStageCompleted(SparkListenerStageCompleted completed) {
                lastStageTasks.add(completed.stageInfo().numTasks());
            }
        };
        spark.sparkContext().addSparkListener(stages);
        DiagonalFisher.Sum sum;
        try {
            sum = SparkFisher.estimate(sc, network, rows, 400, toDataSet, 100, 5);
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().removeSparkListener(stages);
        }

        assertThat(lastStageTasks).as("tasks of the stage that ran the backward passes").isNotEmpty()
                .last().isEqualTo(4);
        // 4 partitions of 100 rows, each sampled to about 37 rows, give their 25: the samples asked for.
        assertThat(sum.count()).isEqualTo(100);
        assertThat(sum.normalizedMean().meanNumber().doubleValue()).isCloseTo(1.0, within(1e-4));
    }
}
