package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.continual.config.ConfigException;
import ai.continual.config.JobConfig;
import ai.continual.job.data.DataContractException;
import ai.continual.model.NetworkInputs;
import ai.continual.provenance.RunSummary;
import ai.continual.store.HadoopModelStore;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CNN and LSTM architectures on Spark: version 1 from config, then an update with replay and a frozen
 * body that must stay bit-identical while the rest learns; plus the sequence data contract.
 */
class ArchitecturesTest {

    static final LocalDate DAY1 = LocalDate.of(2026, 11, 23);
    static final LocalDate DAY2 = LocalDate.of(2026, 11, 24);

    @TempDir
    Path tmp;

    @Test
    void cnnLearnsVersionOneAndAnUpdateKeepsItsFrozenConvolutionAndBatchNormBitIdentical() {
        Path data = tmp.resolve("images");
        TestData.writePartition(data, DAY1, TestData.images("a", new int[] {0, 1, 2, 3}, 50, 1), TestData.SCHEMA);
        TestData.writePartition(data, DAY2, TestData.images("b", new int[] {4, 5}, 50, 2), TestData.SCHEMA);
        JobConfig config = TestData.config(data, tmp.resolve("store"), 6, """
                model {
                  type = cnn
                  input-shape = [6, 6, 1]
                  hidden-layers = [
                    { type = convolution, filters = 4, kernel = [3, 3] }
                    { type = batch-norm }
                    { type = subsampling, kernel = [2, 2] }
                    { type = dense, size = 12 }
                  ]
                  frozen-layers = batchnorm1
                }
                """);
        List<MultiLayerNetwork> versions = runTwoDays(config, DAY1, DAY2, 0.6);
        MultiLayerNetwork v1 = versions.get(0);
        MultiLayerNetwork v2 = versions.get(1);
        assertThat(NetworkInputs.layerNames(v1))
                .containsExactly("convolution0", "batchnorm1", "subsampling2", "dense3", "output");
        assertThat(NetworkInputs.flatInputSize(v2)).isEqualTo(36);
        assertFrozenAndRestChanged(v1, v2, 2);
    }

    @Test
    void lstmOnASequenceColumnLearnsVersionOneAndAnUpdateKeepsItsFrozenRecurrentLayerBitIdentical() {
        Path data = tmp.resolve("sequences");
        TestData.writePartition(data, DAY1, TestData.sequences("a", new int[] {0, 1, 2}, 60, 5, 3, 1),
                TestData.SEQUENCE_SCHEMA);
        TestData.writePartition(data, DAY2, TestData.sequences("b", new int[] {3, 4}, 60, 5, 3, 2),
                TestData.SEQUENCE_SCHEMA);
        JobConfig config = TestData.config(data, tmp.resolve("store"), 5, """
                data.features = seq
                model {
                  type = lstm
                  hidden-layers = [
                    { type = lstm, size = 8 }
                    { type = dense, size = 8 }
                  ]
                  frozen-layers = 1
                }
                """);
        List<MultiLayerNetwork> versions = runTwoDays(config, DAY1, DAY2, 0.6);
        assertThat(NetworkInputs.timeSteps(versions.get(1))).isEqualTo(5);
        assertThat(NetworkInputs.flatInputSize(versions.get(1))).isEqualTo(15);
        assertFrozenAndRestChanged(versions.get(0), versions.get(1), 1);
    }

    @Test
    void raggedSequencesAndAnLstmOnPlainFeaturesFailNamingTheFix() {
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("ragged");
        List<Row> rows = new ArrayList<>(TestData.sequences("a", new int[] {0, 1}, 10, 4, 2, 1));
        rows.add(RowFactory.create("short", List.of(List.of(1f, 2f), List.of(1f, 2f)), 0));
        TestData.writePartition(data, DAY1, rows, TestData.SEQUENCE_SCHEMA);
        JobConfig config = TestData.config(data, tmp.resolve("store"), 2,
                "data.features = seq\nmodel { type = lstm, hidden-layers = [{type = lstm, size = 4}] }\n");
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());
        assertThatThrownBy(() -> new NightlyUpdate(spark, config, store).run(DAY1))
                .isInstanceOf(DataContractException.class)
                .hasMessageContaining("from 2 to 4 time steps").hasMessageContaining("seq");

        Path flat = tmp.resolve("flat");
        TestData.writePartition(flat, DAY1, TestData.blobs("a", new int[] {0, 1}, 20, 1), TestData.SCHEMA);
        JobConfig lstmOnFlat = TestData.config(flat, tmp.resolve("store2"), 2,
                "model { type = lstm, hidden-layers = [{type = lstm, size = 4}] }\n");
        assertThatThrownBy(() -> new NightlyUpdate(spark, lstmOnFlat, new HadoopModelStore(lstmOnFlat.store(),
                spark.sparkContext().hadoopConfiguration())).run(DAY1))
                .isInstanceOf(ConfigException.class).hasMessageContaining("array<array<float>>");
        assertThat(store.latestVersion(config.modelName())).isEmpty();
    }

    private List<MultiLayerNetwork> runTwoDays(JobConfig config, LocalDate day1, LocalDate day2, double minAccuracy) {
        SparkSession spark = LocalSpark.session();
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());
        RunSummary first = new NightlyUpdate(spark, config, store).run(day1);
        RunSummary second = new NightlyUpdate(spark, config, store).run(day2);
        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.parent()).isEqualTo(1);
        assertThat(second.rows().replayRows()).isPositive();
        assertThat(store.manifest(config.modelName(), 2).strategy()).isEqualTo("replay");
        assertThat(first.metrics().get(day1.toString()).accuracy()).isGreaterThan(minAccuracy);
        assertThat(second.metrics()).containsKeys(day1.toString(), day2.toString());
        return List.of(store.load(config.modelName(), 1).network(), store.load(config.modelName(), 2).network());
    }

    private static void assertFrozenAndRestChanged(MultiLayerNetwork v1, MultiLayerNetwork v2, int frozen) {
        for (int i = 0; i < v2.getnLayers(); i++) {
            boolean isFrozen = v2.getLayerWiseConfigurations().getConf(i).getLayer() instanceof FrozenLayer;
            assertThat(isFrozen).as("layer %d frozen", i).isEqualTo(i < frozen);
            if (v1.getLayer(i).numParams() == 0) {
                continue;
            }
            float[] before = v1.getLayer(i).params().toFloatVector();
            float[] after = v2.getLayer(i).params().toFloatVector();
            if (i < frozen) {
                assertThat(after).as("frozen layer %d", i).containsExactly(before);
            } else {
                assertThat(after).as("trained layer %d", i).isNotEqualTo(before);
            }
        }
    }
}
