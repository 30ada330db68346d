package ai.continual.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

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
