package ai.continual.job.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.config.LayerSpec;
import ai.continual.config.ModelConfig;
import ai.continual.config.Task;
import ai.continual.config.TrainingConfig;
import ai.continual.evaluation.NegativeFlips;
import ai.continual.job.LocalSpark;
import ai.continual.job.data.TrainingRows;
import ai.continual.metrics.EvaluationResult;
import ai.continual.model.NetworkFactory;
import ai.continual.normalize.Standardizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one-pass evaluations against the separate answers: metrics per date and negative flips together (against the
 * metrics-only pass, and the flips counted row by row in one JVM from both networks' outputs), and several networks
 * scored together (against one pass each).
 */
class DistributedEvaluatorTest {

    private static final StructType ROWS = new StructType()
            .add(TrainingRows.DATE, DataTypes.StringType)
            .add(TrainingRows.FEATURES, DataTypes.createArrayType(DataTypes.DoubleType))
            .add(TrainingRows.LABEL, DataTypes.DoubleType)
            .add(TrainingRows.HOLDOUT, DataTypes.BooleanType);

    @Test
    void metricsAndFlipsInOnePassEqualTheSeparateAnswers() {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(LocalSpark.session().sparkContext());
        MultiLayerNetwork parent = network(3);
        MultiLayerNetwork current = network(4);
        Standardizer parentScaler = new Standardizer(new double[] {0, 0, 0, 0, 0, 0}, new double[] {1, 1, 1, 1, 1, 1});
        Standardizer scaler = new Standardizer(new double[] {0.1, 0, -0.2, 0, 0, 0.3}, new double[] {1, 2, 1, 1, 0.5, 1});
        Dataset<Row> data = LocalSpark.session().createDataFrame(rows(700), ROWS).repartition(3);
        List<Row> rows = data.collectAsList();
        DistributedEvaluator evaluator = new DistributedEvaluator(sc, Task.CLASSIFICATION, 3);

        DistributedEvaluator.Scores together = evaluator.evaluate(current, scaler, parent, parentScaler, data);
        Map<String, EvaluationResult> metricsAlone = evaluator.evaluateByDate(current, scaler, data);

        assertThat(together.metrics()).isEqualTo(metricsAlone);
        assertThat(together.metrics()).containsOnlyKeys("2026-11-01", "2026-11-02");
        assertThat(together.flips()).isEqualTo(flipsInOneJvm(parent, parentScaler, current, scaler, rows));
        assertThat(together.flips().flips()).isPositive();
        assertThat(evaluator.evaluate(current, scaler, null, null, data).flips()).isNull();
    }

    @Test
    void severalNetworksInOnePassEqualOnePassEach() {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(LocalSpark.session().sparkContext());
        Standardizer scaler = new Standardizer(new double[] {0.1, 0, -0.2, 0, 0, 0.3}, new double[] {1, 2, 1, 1, 0.5, 1});
        Dataset<Row> data = LocalSpark.session().createDataFrame(rows(500), ROWS).repartition(3);
        DistributedEvaluator evaluator = new DistributedEvaluator(sc, Task.CLASSIFICATION, 3);
        Map<String, MultiLayerNetwork> networks = new java.util.LinkedHashMap<>();
        networks.put("a", network(3));
        networks.put("b", network(4));
        networks.put("c", network(5));

        Map<String, Map<String, EvaluationResult>> together = evaluator.evaluateEach(networks, scaler, data);

        assertThat(together).containsOnlyKeys("a", "b", "c");
        networks.forEach((name, network) ->
                assertThat(together.get(name)).isEqualTo(evaluator.evaluateByDate(network, scaler, data)));
        assertThat(together.get("a")).isNotEqualTo(together.get("b"));
    }

    private static NegativeFlips flipsInOneJvm(MultiLayerNetwork parent, Standardizer parentScaler,
                                               MultiLayerNetwork current, Standardizer scaler, List<Row> rows) {
        long flips = 0;
        for (Row row : rows) {
            double[] x = row.getList(1).stream().mapToDouble(v -> (Double) v).toArray();   // a Scala seq
            int label = (int) row.getDouble(2);
            int before = argMax(parent.output(Nd4j.createFromArray(new float[][] {parentScaler.scale(x)})));
            int after = argMax(current.output(Nd4j.createFromArray(new float[][] {scaler.scale(x)})));
            flips += before == label && after != label ? 1 : 0;
        }
        return new NegativeFlips(rows.size(), flips);
    }

    private static int argMax(INDArray output) {
        return output.getRow(0).argMax().getInt(0);
    }

    private static MultiLayerNetwork network(long seed) {
        return NetworkFactory.build(new ModelConfig(List.of(new LayerSpec(5, "tanh")), 0),
                new TrainingConfig(1, 8, 1, "adam", 0.01, 1, Optional.empty()), Task.CLASSIFICATION, 6, 3, seed);
    }

    private static List<Row> rows(int n) {
        Random random = new Random(5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Double[] x = new Double[6];
            for (int f = 0; f < 6; f++) {
                x[f] = random.nextGaussian();
            }
            rows.add(RowFactory.create(i % 2 == 0 ? "2026-11-01" : "2026-11-02", x, (double) random.nextInt(3), true));
        }
        return rows;
    }
}
