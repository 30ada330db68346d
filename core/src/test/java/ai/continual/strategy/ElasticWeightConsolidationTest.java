package ai.continual.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import ai.continual.config.JobConfig;
import ai.continual.config.JobConfigLoader;
import ai.continual.model.FeatureShape;
import ai.continual.model.NetworkFactory;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class ElasticWeightConsolidationTest {

    static final List<DataSet> TASK_A = TinyNets.blobs(new int[] {0, 1}, 60, 4, 1);
    static final List<DataSet> TASK_B = TinyNets.blobs(new int[] {2, 3}, 60, 4, 2);

    private static MultiLayerNetwork trainedOnA() {
        return trainedOnA("sgd");
    }

    private static MultiLayerNetwork trainedOnA(String updater) {
        MultiLayerNetwork net = TinyNets.mlp(4, updater, 0.05);
        TinyNets.fit(net, TASK_A, 5);
        return net;
    }

    @Test
    void ewcKeepsWeightsNearerTheAnchorAndOldTaskBetterThanFinetuneAtEqualSteps() {
        MultiLayerNetwork anchor = trainedOnA("adam");
        INDArray fisher = DiagonalFisher.accumulate(anchor, TASK_A.iterator()).normalizedMean();
        assertThat(fisher.sumNumber().doubleValue()).isPositive();

        MultiLayerNetwork finetune = anchor.clone();
        MultiLayerNetwork ewc = anchor.clone();
        ElasticWeightConsolidation.attach(ewc, fisher, 10);
        TinyNets.fit(finetune, TASK_B, 5);
        TinyNets.fit(ewc, TASK_B, 5);

        double finetuneDistance = finetune.params().distance2(anchor.params());
        double ewcDistance = ewc.params().distance2(anchor.params());
        assertThat(finetuneDistance).isPositive();
        assertThat(ewcDistance).isLessThan(finetuneDistance * 0.8);
        assertThat(TinyNets.accuracy(ewc, TASK_A)).isGreaterThan(TinyNets.accuracy(finetune, TASK_A));
    }

    @Test
    void penaltyGradientPullsEachWeightTowardsItsOwnAnchor() {
        // A wrong ('c' instead of 'f') pairing of anchors and weights would push weights apart instead.
        MultiLayerNetwork net = trainedOnA();
        INDArray anchorParams = net.params().dup();
        INDArray ones = anchorParams.like().assign(1).reshape(anchorParams.length());
        MultiLayerNetwork finetune = net.clone();
        ElasticWeightConsolidation.attach(net, ones, 15); // lr 0.05 * 15: each step removes 75 % of the offset
        TinyNets.fit(net, TASK_B, 2);
        TinyNets.fit(finetune, TASK_B, 2);
        assertThat(net.params().distance2(anchorParams))
                .isLessThan(0.25 * finetune.params().distance2(anchorParams));
    }

    @Test
    void penaltyPullsEveryTrainedParameterOfAnLstmAndACnnTowardsItsAnchor() {
        // The last LSTM layer is wrapped in LastTimeStep, a conf that is not a BaseLayer: it needs the pull too.
        // lstm1's input and recurrent weights (6 x 24 each) share one regularisation list and have equal length.
        assertEveryTrainedParameterPulled(architecture("model { type = lstm, hidden-layers = [{type = lstm, size = 6},"
                + " {type = lstm, size = 6}, {size = 4}] }"), new FeatureShape(12, 4));
        assertEveryTrainedParameterPulled(architecture("model { type = cnn, input-shape = [4, 3, 1], hidden-layers = ["
                + "{type = convolution, filters = 3, kernel = [2, 2]}, {type = batch-norm}, {size = 4}] }"),
                FeatureShape.flat(12));
    }

    private static JobConfig architecture(String model) {
        return JobConfigLoader.fromConfig(ConfigFactory.parseString("model-name = m\ndata { root = \"/tmp/d\","
                + " num-classes = 3 }\ntraining { updater = sgd, learning-rate = 0.05 }\n" + model), "test.conf");
    }

    /** Fits a copy with and a copy without an EWC pull of Fisher 1 and checks each parameter array separately. */
    private static void assertEveryTrainedParameterPulled(JobConfig config, FeatureShape shape) {
        // Three builds with one seed, not clone(): DL4J's clone() shares the conf a LastTimeStep wraps.
        MultiLayerNetwork anchor = build(config, shape);
        MultiLayerNetwork finetune = build(config, shape);
        MultiLayerNetwork ewc = build(config, shape);
        List<DataSet> data = randomExamples(shape.length(), 96);
        ElasticWeightConsolidation.attach(ewc, ewc.params().like().assign(1).reshape(ewc.numParams()), 15);
        TinyNets.fit(finetune, data, 3);
        TinyNets.fit(ewc, data, 3);
        for (Map.Entry<String, INDArray> e : anchor.paramTable().entrySet()) {
            int layer = Integer.parseInt(e.getKey().substring(0, e.getKey().indexOf('_')));
            if (anchor.getLayerWiseConfigurations().getConf(layer).getLayer() instanceof BatchNormalization) {
                continue; // DL4J never regularises batch-norm parameters (see ElasticWeightConsolidation)
            }
            double moved = finetune.getParam(e.getKey()).distance2(e.getValue());
            assertThat(moved).as("%s trains", e.getKey()).isPositive();
            assertThat(ewc.getParam(e.getKey()).distance2(e.getValue())).as("%s under EWC", e.getKey())
                    .isLessThan(0.5 * moved);
        }
    }

    private static MultiLayerNetwork build(JobConfig config, FeatureShape shape) {
        return NetworkFactory.build(config.model(), config.training(), config.data().task(), shape, 3, 5);
    }

    /** Rows of {@code width} noise values labelled by which third of the row has the largest sum. */
    private static List<DataSet> randomExamples(int width, int rows) {
        Random random = new Random(3);
        List<DataSet> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            float[] x = new float[width];
            double[] sums = new double[3];
            for (int i = 0; i < width; i++) {
                x[i] = (float) random.nextGaussian();
                sums[i * 3 / width] += x[i];
            }
            int label = sums[0] >= sums[1] && sums[0] >= sums[2] ? 0 : sums[1] >= sums[2] ? 1 : 2;
            float[] y = new float[3];
            y[label] = 1;
            out.add(new DataSet(Nd4j.createFromArray(new float[][] {x}), Nd4j.createFromArray(new float[][] {y})));
        }
        return out;
    }

    @Test
    void penaltySurvivesJsonAndModelSerializerAndDetachRemovesIt() throws Exception {
        MultiLayerNetwork net = trainedOnA();
        INDArray fisher = DiagonalFisher.accumulate(net, TASK_A.iterator()).mean();
        ElasticWeightConsolidation.attach(net, fisher, 100);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        assertThat(back.toJson()).contains(EwcPenalty.class.getName());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, out, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(out.toByteArray()), true);
        assertThat(ElasticWeightConsolidation.attached(restored)).isTrue();

        ElasticWeightConsolidation.detach(net);
        assertThat(ElasticWeightConsolidation.attached(net)).isFalse();
        assertThat(net.getLayerWiseConfigurations().toJson()).doesNotContain(EwcPenalty.class.getName());
    }

    @Test
    void runningFisherDecaysTheParentsAndCarriesItOntoAGrownNetwork() {
        MultiLayerNetwork parent = TinyNets.mlp(2, 0.05);
        MultiLayerNetwork grown = ai.continual.model.OutputLayerGrowth.growTo(parent, 4);
        INDArray parentFisher = parent.params().like().assign(2).reshape(parent.numParams());
        INDArray newFisher = grown.params().like().assign(1).reshape(grown.numParams());
        INDArray running = ElasticWeightConsolidation.runningFisher(parentFisher, parent, grown, newFisher, 0.5);
        // hidden layer: 0.5 * 2 + 1; the new output columns had no parent value: 0 + 1
        assertThat(FlatParams.segment(running, grown, "0_W").minNumber().doubleValue()).isEqualTo(2.0);
        INDArray outW = FlatParams.segment(running, grown, "1_W").reshape('f', 16, 4);
        assertThat(outW.getColumn(0).minNumber().doubleValue()).isEqualTo(2.0);
        assertThat(outW.getColumn(3).maxNumber().doubleValue()).isEqualTo(1.0);
    }
}
