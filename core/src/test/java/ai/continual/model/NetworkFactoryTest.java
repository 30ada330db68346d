package ai.continual.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.continual.config.ConfigException;
import ai.continual.config.JobConfig;
import ai.continual.config.JobConfigLoader;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Networks from config take the same flat rows whatever the architecture, learn, and survive a save/load. */
class NetworkFactoryTest {

    static JobConfig config(String model) {
        return JobConfigLoader.fromConfig(ConfigFactory.parseString("model-name = m\ndata { root = \"/tmp/d\","
                + " features = seq, num-classes = 2 }\ntraining.learning-rate = 0.01\n" + model), "test.conf");
    }

    static MultiLayerNetwork build(JobConfig c, FeatureShape shape) {
        return NetworkFactory.build(c.model(), c.training(), c.data().task(), shape, 2, 1);
    }

    /** Class 1 rises over time on the first feature of each step, class 0 falls; rows are flat, step after step. */
    static DataSet trend(int rows, int steps, int width, long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[][] x = new float[rows][steps * width];
        float[][] y = new float[rows][2];
        for (int r = 0; r < rows; r++) {
            int label = r % 2;
            for (int t = 0; t < steps; t++) {
                for (int f = 0; f < width; f++) {
                    x[r][t * width + f] = (float) ((f == 0 ? (label == 1 ? 0.5 * t : -0.5 * t) : 0)
                            + 0.2 * random.nextGaussian());
                }
            }
            y[r][label] = 1;
        }
        return new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
    }

    @Test
    void lstmReadsFlatRowsAsTimeStepsLearnsATrendAndRoundTripsThroughModelSerializer() throws Exception {
        MultiLayerNetwork net = build(config("model { type = lstm, hidden-layers = [{type = lstm, size = 6},"
                + " {type = lstm, size = 5}, {size = 4}] }"), new FeatureShape(12, 4));
        assertThat(NetworkInputs.flatInputSize(net)).isEqualTo(12);
        assertThat(NetworkInputs.timeSteps(net)).isEqualTo(4);
        assertThat(NetworkInputs.layerNames(net)).containsExactly("lstm0", "lstm1", "dense2", "output");
        DataSet train = trend(64, 4, 3, 1);
        for (int i = 0; i < 60; i++) {
            net.fit(train);
        }
        DataSet test = trend(40, 4, 3, 2);
        INDArray predicted = net.output(test.getFeatures()).argMax(1);
        double accuracy = predicted.eq(test.getLabels().argMax(1)).castTo(org.nd4j.linalg.api.buffer.DataType.INT)
                .sumNumber().doubleValue() / 40;
        assertThat(accuracy).isGreaterThan(0.9);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(bytes.toByteArray()), true);
        assertThat(restored.getLayerWiseConfigurations().getInputPreProcess(0))
                .isEqualTo(new FlatToSequencePreProcessor(4, 3));
        assertThat(restored.output(test.getFeatures())).isEqualTo(net.output(test.getFeatures()));
    }

    @Test
    void lstmRegressionPredictsAPerRowTargetFromTheLastStep() {
        JobConfig c = JobConfigLoader.fromConfig(ConfigFactory.parseString("model-name = m\ndata { root = \"/tmp/d\","
                + " features = seq, task = regression }\ntraining.learning-rate = 0.01\n"
                + "model { type = lstm, hidden-layers = [{type = lstm, size = 8}] }"), "test.conf");
        MultiLayerNetwork net = NetworkFactory.build(c.model(), c.training(), c.data().task(), new FeatureShape(8, 4),
                1, 1);
        DataSet data = trend(64, 4, 2, 3);
        // Target: the slope sign of the first feature, as a real value (+1 rising, -1 falling).
        data.setLabels(data.getLabels().getColumn(1).reshape(64, 1).mul(2).sub(1));
        double before = net.score(data);
        for (int i = 0; i < 60; i++) {
            net.fit(data);
        }
        assertThat(net.output(data.getFeatures()).shape()).containsExactly(64, 1);
        assertThat(net.score(data)).isLessThan(before / 4);
    }

    @Test
    void timeStepOrderMattersToTheLstm() {
        MultiLayerNetwork net = build(config("model { type = lstm, hidden-layers = [{type = lstm, size = 3}] }"),
                new FeatureShape(6, 3));
        INDArray row = Nd4j.createFromArray(new float[][] {{1, 2, 3, 4, 5, 6}});
        INDArray stepsSwapped = Nd4j.createFromArray(new float[][] {{5, 6, 3, 4, 1, 2}});
        INDArray featuresSwapped = Nd4j.createFromArray(new float[][] {{2, 1, 4, 3, 6, 5}});
        assertThat(net.output(row)).isNotEqualTo(net.output(stepsSwapped));
        assertThat(net.output(row)).isNotEqualTo(net.output(featuresSwapped));
    }

    @Test
    void cnnTakesFlatImagesAndChecksInputShapeAgainstTheData() {
        JobConfig c = config("model { type = cnn, input-shape = [6, 6, 1], hidden-layers = [{type = convolution,"
                + " filters = 2, kernel = [3, 3]}, {type = batch-norm}, {type = subsampling}, {size = 4}] }");
        MultiLayerNetwork net = build(c, FeatureShape.flat(36));
        assertThat(net.output(Nd4j.rand(5, 36)).shape()).containsExactly(5, 2);
        assertThat(NetworkInputs.flatInputSize(net)).isEqualTo(36);
        assertThatThrownBy(() -> build(c, FeatureShape.flat(35)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("model.input-shape")
                .hasMessageContaining("35");
        JobConfig tooDeep = config("model { type = cnn, input-shape = [3, 3, 1], hidden-layers = [{type ="
                + " convolution, filters = 2, kernel = [5, 5]}] }");
        assertThatThrownBy(() -> build(tooDeep, FeatureShape.flat(9)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("model.hidden-layers");
        assertThatThrownBy(() -> build(config("model { type = lstm, hidden-layers = [{type = lstm, size = 3}] }"),
                FeatureShape.flat(9)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("array<array<float>>");
    }

    @Test
    void frozenSplitByNameFreezesThroughThatLayerAndRefusesUnknownNames() {
        JobConfig c = config("model { type = cnn, input-shape = [6, 6, 1], hidden-layers = [{type = convolution,"
                + " filters = 2, kernel = [3, 3]}, {type = subsampling}, {size = 4}], frozen-layers = subsampling1 }");
        MultiLayerNetwork frozen = LayerFreezer.freeze(build(c, FeatureShape.flat(36)), c.model(), c.training(), 1);
        assertThat(LayerFreezer.frozenLayerCount(frozen)).isEqualTo(2);
        assertThat(frozen.getLayerWiseConfigurations().getConf(1).getLayer()).isInstanceOf(FrozenLayer.class);
        assertThat(NetworkInputs.layerNames(frozen)).startsWith("convolution0", "subsampling1");
        assertThat(LayerFreezer.frozenCount(frozen, c.model())).isEqualTo(2);
        JobConfig unknown = config("model.frozen-layers = nope");
        assertThatThrownBy(() -> LayerFreezer.frozenCount(build(unknown, FeatureShape.flat(5)), unknown.model()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nope").hasMessageContaining("dense0");
    }
}
