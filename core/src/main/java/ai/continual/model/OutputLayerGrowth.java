package ai.continual.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Widens a classifier's output layer when new classes arrive: the old classes keep their weights and
 * biases, the new ones are initialised fresh (Xavier, zero bias), every hidden layer is kept as it is.
 */
public final class OutputLayerGrowth {

    private OutputLayerGrowth() {}

    /** Current number of outputs of {@code net}. */
    public static int outputs(MultiLayerNetwork net) {
        return (int) net.layerSize(net.getnLayers() - 1);
    }

    /** {@code net} itself when it already has {@code size} outputs or more, else a grown copy. */
    public static MultiLayerNetwork growTo(MultiLayerNetwork net, int size) {
        int current = outputs(net);
        if (size <= current) {
            return net;
        }
        int last = net.getnLayers() - 1;
        INDArray oldW = net.getLayer(last).getParam("W").dup();
        INDArray oldB = net.getLayer(last).getParam("b").dup();
        MultiLayerNetwork grown = new TransferLearning.Builder(net).nOutReplace(last, size, WeightInit.XAVIER).build();
        INDArray w = grown.getLayer(last).getParam("W").dup();
        INDArray b = grown.getLayer(last).getParam("b");
        w.get(NDArrayIndex.all(), NDArrayIndex.interval(0, current)).assign(oldW);
        float[] bias = new float[size];
        System.arraycopy(oldB.toFloatVector(), 0, bias, 0, current);
        grown.getLayer(last).setParam("W", w);
        grown.getLayer(last).setParam("b", org.nd4j.linalg.factory.Nd4j.createFromArray(bias).reshape(b.shape())
                .castTo(b.dataType()));
        return grown;
    }
}
