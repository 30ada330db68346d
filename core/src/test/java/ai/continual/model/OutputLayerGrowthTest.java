package ai.continual.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.strategy.TinyNets;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.junit.jupiter.api.Test;

/** Widening the output layer keeps what was learnt and the new outputs are trainable. */
class OutputLayerGrowthTest {

    @Test
    void growingKeepsHiddenLayersAndOldClassWeightsAndAddsFreshOutputs() {
        MultiLayerNetwork net = TinyNets.mlp(2, 0.05);
        TinyNets.fit(net, TinyNets.blobs(new int[] {0, 1}, 30, 2, 1), 2);
        MultiLayerNetwork grown = OutputLayerGrowth.growTo(net, 5);
        assertThat(OutputLayerGrowth.outputs(grown)).isEqualTo(5);
        assertThat(grown.getParam("0_W")).isEqualTo(net.getParam("0_W"));
        assertThat(grown.getParam("1_W").getColumn(1)).isEqualTo(net.getParam("1_W").getColumn(1));
        assertThat(grown.getParam("1_W").getColumn(4).norm2Number().doubleValue()).isPositive();
        assertThat(grown.getParam("1_b").toFloatVector()).containsExactly(
                net.getParam("1_b").getFloat(0), net.getParam("1_b").getFloat(1), 0f, 0f, 0f);
        assertThat(OutputLayerGrowth.growTo(grown, 3)).isSameAs(grown);
    }

    @Test
    void theGrownNetworkLearnsTheNewClasses() {
        MultiLayerNetwork net = TinyNets.mlp(2, 0.05);
        TinyNets.fit(net, TinyNets.blobs(new int[] {0, 1}, 30, 2, 1), 2);
        MultiLayerNetwork grown = OutputLayerGrowth.growTo(net, 5);
        List<DataSet> unseen = TinyNets.blobs(new int[] {3, 4}, 20, 5, 3);
        INDArray newOutputsBefore = grown.getParam("1_W").getColumns(3, 4).dup();

        TinyNets.fit(grown, TinyNets.blobs(new int[] {3, 4}, 30, 5, 2), 5);

        assertThat(grown.getParam("1_W").getColumns(3, 4)).isNotEqualTo(newOutputsBefore);
        assertThat(TinyNets.accuracy(grown, unseen)).isGreaterThanOrEqualTo(0.9);
    }
}
