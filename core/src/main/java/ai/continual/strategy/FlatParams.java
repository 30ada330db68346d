package ai.continual.strategy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Maps between a network's flat parameter vector (the layout of {@code params()} and of its gradient) and
 * its named parameter arrays, and carries per-parameter vectors (anchors, Fisher) from one network to a
 * grown one: values of the old outputs are kept, those of new outputs are zero.
 */
public final class FlatParams {

    private FlatParams() {}

    /** Offset of each parameter ({@code 0_W}, {@code 0_b}, ...) inside the flat vector, in order. */
    public static Map<String, long[]> segments(MultiLayerNetwork net) {
        Map<String, long[]> out = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
            long n = e.getValue().length();
            out.put(e.getKey(), new long[] {offset, n});
            offset += n;
        }
        return out;
    }

    /** The segment of {@code flat} belonging to parameter {@code key} of {@code net}, as a 1-D copy. */
    public static INDArray segment(INDArray flat, MultiLayerNetwork net, String key) {
        long[] s = segments(net).get(key);
        return flat.reshape(flat.length()).get(NDArrayIndex.interval(s[0], s[0] + s[1])).dup();
    }

    /**
     * Re-lays {@code flat} (aligned with {@code from}) onto the parameters of {@code to}: parameters of equal
     * shape are copied, a parameter that grew (more outputs) keeps the old block and gets zeros elsewhere.
     */
    public static INDArray remap(INDArray flat, MultiLayerNetwork from, MultiLayerNetwork to) {
        if (flat.length() != from.numParams()) {
            throw new IllegalArgumentException("A vector of " + flat.length() + " values does not match a network of "
                    + from.numParams() + " parameters");
        }
        Map<String, long[]> fromSegments = segments(from);
        INDArray out = Nd4j.zeros(flat.dataType(), to.numParams());
        INDArray source = flat.reshape(flat.length());
        long offset = 0;
        for (Map.Entry<String, INDArray> e : to.paramTable().entrySet()) {
            INDArray target = e.getValue();
            long[] s = fromSegments.get(e.getKey());
            if (s != null) {
                INDArray old = from.getParam(e.getKey());
                INDArray values = source.get(NDArrayIndex.interval(s[0], s[0] + s[1])).reshape('f', old.shape());
                INDArray placed = Nd4j.zeros(flat.dataType(), target.shape());
                placed.put(block(old.shape()), values);
                out.get(NDArrayIndex.interval(offset, offset + target.length())).assign(Nd4j.toFlattened('f', placed));
            }
            offset += target.length();
        }
        return out;
    }

    /** Index of the leading block of shape {@code shape}. */
    static org.nd4j.linalg.indexing.INDArrayIndex[] block(long[] shape) {
        org.nd4j.linalg.indexing.INDArrayIndex[] index = new org.nd4j.linalg.indexing.INDArrayIndex[shape.length];
        for (int d = 0; d < shape.length; d++) {
            index[d] = NDArrayIndex.interval(0, shape[d]);
        }
        return index;
    }
}
