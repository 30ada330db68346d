package ai.continual.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.config.JobConfig;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The broadcast form of a network gives back the same network on every architecture the job builds: same layers
 * (frozen ones stay frozen), same parameters (batch norm's running statistics included) and the same outputs.
 */
class NetworkBytesTest {

    @Test
    void cnnWithBatchNormAndAFrozenPartComesBackWithTheSameParametersAndOutputs() {
        JobConfig c = NetworkFactoryTest.config("model { type = cnn, input-shape = [6, 6, 1], hidden-layers = [{type ="
                + " convolution, filters = 2, kernel = [3, 3]}, {type = batch-norm}, {type = subsampling}, {size = 4}],"
                + " frozen-layers = 1 }");
        MultiLayerNetwork net = LayerFreezer.freeze(NetworkFactoryTest.build(c, FeatureShape.flat(36)), c.model(),
                c.training(), 1);
        INDArray x = Nd4j.rand(5, 36);
        // One fit moves batch norm's running statistics away from their initial values.
        net.fit(x, Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 0}}));

        MultiLayerNetwork back = NetworkBytes.network(NetworkBytes.of(net));

        assertThat(back.params()).isEqualTo(net.params());
        assertThat(back.getLayerWiseConfigurations().getConf(0).getLayer()).isInstanceOf(FrozenLayer.class);
        assertThat(back.output(x, false)).isEqualTo(net.output(x, false));
    }

    @Test
    void lstmComesBackWithTheSameOutputs() {
        MultiLayerNetwork net = NetworkFactoryTest.build(NetworkFactoryTest.config("model { type = lstm, hidden-layers"
                + " = [{type = lstm, size = 6}, {size = 4}] }"), new FeatureShape(12, 4));
        INDArray x = Nd4j.rand(3, 12);

        MultiLayerNetwork back = NetworkBytes.network(NetworkBytes.of(net));

        assertThat(back.params()).isEqualTo(net.params());
        assertThat(back.output(x, false)).isEqualTo(net.output(x, false));
    }
}
