package ai.continual.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.model.OutputLayerGrowth;
import ai.continual.strategy.TinyNets;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class WeightInterpolationTest {

    private static MultiLayerNetwork[] oldAndNew() {
        MultiLayerNetwork old = TinyNets.mlp(4, 0.05);
        MultiLayerNetwork trained = old.clone();
        TinyNets.fit(trained, TinyNets.blobs(new int[] {2, 3}, 40, 4, 3), 3);
        return new MultiLayerNetwork[] {old, trained};
    }

    @Test
    void alphaZeroReproducesTheOldWeightsExactlyAndAlphaOneTheNew() {
        MultiLayerNetwork[] m = oldAndNew();
        assertThat(m[1].params()).isNotEqualTo(m[0].params());
        assertThat(WeightInterpolation.interpolate(m[0], m[1], 0).params().toFloatVector())
                .containsExactly(m[0].params().toFloatVector());
        assertThat(WeightInterpolation.interpolate(m[0], m[1], 1).params().toFloatVector())
                .containsExactly(m[1].params().toFloatVector());
    }

    @Test
    void halfIsTheMidpointAndInputsAreUntouched() {
        MultiLayerNetwork[] m = oldAndNew();
        INDArray oldBefore = m[0].params().dup();
        INDArray newBefore = m[1].params().dup();
        INDArray mid = WeightInterpolation.interpolate(m[0], m[1], 0.5).params();
        assertThat(mid.sub(oldBefore.add(newBefore).div(2)).amaxNumber().doubleValue()).isLessThan(1e-6);
        assertThat(m[0].params()).isEqualTo(oldBefore);
        assertThat(m[1].params()).isEqualTo(newBefore);
    }

    @Test
    void grownOutputsKeepTheTrainedWeightsWhereTheOldModelHasNone() {
        MultiLayerNetwork old = TinyNets.mlp(2, 0.05);
        MultiLayerNetwork grown = OutputLayerGrowth.growTo(old, 4);
        TinyNets.fit(grown, TinyNets.blobs(new int[] {2, 3}, 40, 4, 3), 2);
        MultiLayerNetwork fused = WeightInterpolation.interpolate(old, grown, 0);
        INDArray w = fused.getParam("1_W");
        assertThat(w.getColumn(0)).isEqualTo(old.getParam("1_W").getColumn(0));
        assertThat(w.getColumn(3)).isEqualTo(grown.getParam("1_W").getColumn(3));
        assertThat(fused.getParam("0_W")).isEqualTo(old.getParam("0_W"));
    }

    @Test
    void frozenLayersStayBitIdenticalWhateverAlpha() {
        MultiLayerNetwork old = TinyNets.mlp(4, 0.05);
        MultiLayerNetwork trained = new TransferLearning.Builder(old.clone())
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().build()).setFeatureExtractor(0).build();
        TinyNets.fit(trained, TinyNets.blobs(new int[] {2, 3}, 40, 4, 3), 3);
        for (double alpha : new double[] {0.3, 0.4, 0.7}) {
            MultiLayerNetwork fused = WeightInterpolation.interpolate(old, trained, alpha);
            assertThat(fused.getParam("0_W").ravel().toFloatVector()).as("frozen, alpha %s", alpha)
                    .containsExactly(old.getParam("0_W").ravel().toFloatVector());
            INDArray mixed = old.getParam("1_W").mul(1 - alpha).addi(trained.getParam("1_W").mul(alpha));
            assertThat(fused.getParam("1_W").sub(mixed).amaxNumber().doubleValue()).isLessThan(1e-6);
        }
    }
}
