package ai.continual.strategy;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.serde.jackson.shaded.NDArrayTextDeSerializer;
import org.nd4j.serde.jackson.shaded.NDArrayTextSerializer;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.databind.annotation.JsonDeserialize;
import org.nd4j.shade.jackson.databind.annotation.JsonSerialize;

/**
 * The EWC penalty λ/2·Σ F·(θ−θ*)² on the parameter arrays that share one DL4J regularisation list, as a DL4J
 * {@link Regularization}: DL4J adds its gradient λ·F·(θ−θ*) before the updater, on executors too, because the
 * penalty travels inside the layer configuration. A layer keeps one list for all its weight arrays (an LSTM has
 * two, input and recurrent weights) and one for its biases, so one penalty holds every array of its list:
 * anchors θ* and Fisher F concatenated, each array flat in the buffer order of the network's parameter vector,
 * with its offset in that vector. DL4J hands {@link #apply} a view of the parameter vector; the penalty finds
 * the array by its length, and by the view's offset when two arrays of the list have the same length.
 */
public final class EwcPenalty implements Regularization {
    private static final long serialVersionUID = 1L;

    @JsonProperty("lambda")
    private final double lambda;
    @JsonProperty("offsets")
    private final long[] offsets;
    @JsonProperty("lengths")
    private final long[] lengths;
    @JsonProperty("anchor")
    @JsonSerialize(using = NDArrayTextSerializer.class)
    @JsonDeserialize(using = NDArrayTextDeSerializer.class)
    private final INDArray anchor;
    @JsonProperty("fisher")
    @JsonSerialize(using = NDArrayTextSerializer.class)
    @JsonDeserialize(using = NDArrayTextDeSerializer.class)
    private final INDArray fisher;

    /**
     * @param offsets where each array starts in the network's flat parameter vector
     * @param lengths the length of each array; {@code anchor} and {@code fisher} hold the arrays one after the other
     */
    @JsonCreator
    public EwcPenalty(@JsonProperty("lambda") double lambda, @JsonProperty("offsets") long[] offsets,
                      @JsonProperty("lengths") long[] lengths, @JsonProperty("anchor") INDArray anchor,
                      @JsonProperty("fisher") INDArray fisher) {
        long total = Arrays.stream(lengths).sum();
        if (offsets.length != lengths.length || anchor.length() != total || fisher.length() != total) {
            throw new IllegalArgumentException("EWC penalty of " + offsets.length + " offsets and " + lengths.length
                    + " arrays of " + total + " values in all has an anchor of " + anchor.length()
                    + " values and a Fisher of " + fisher.length());
        }
        this.lambda = lambda;
        this.offsets = offsets.clone();
        this.lengths = lengths.clone();
        this.anchor = anchor.reshape(anchor.length());
        this.fisher = fisher.reshape(fisher.length());
    }

    @Override
    public ApplyStep applyStep() {
        return ApplyStep.BEFORE_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
        int k = arrayOf(param);
        INDArray pull = param.sub(shaped(anchor, k, param)).muli(shaped(fisher, k, param)).muli(lambda);
        gradView.addi(pull);
    }

    @Override
    public double score(INDArray param, int iteration, int epoch) {
        int k = arrayOf(param);
        INDArray diff = param.sub(shaped(anchor, k, param));
        return 0.5 * lambda * diff.muli(diff).muli(shaped(fisher, k, param)).sumNumber().doubleValue();
    }

    /** Which of the arrays {@code param} is: the only one of its length, else the one at its offset. */
    private int arrayOf(INDArray param) {
        int found = -1;
        int sameLength = 0;
        for (int k = 0; k < lengths.length; k++) {
            if (lengths[k] == param.length()) {
                sameLength++;
                if (found < 0 || offsets[k] == param.offset()) {
                    found = k;
                }
            }
        }
        if (sameLength == 0 || (sameLength > 1 && offsets[found] != param.offset())) {
            throw new IllegalStateException("EWC penalty holds arrays of " + Arrays.toString(lengths) + " values at "
                    + Arrays.toString(offsets) + " but was handed a parameter of " + param.length() + " values at "
                    + param.offset());
        }
        return found;
    }

    /**
     * Array {@code k} of {@code flat} laid out like {@code like}: DL4J's parameter views are flat during updates
     * and shaped ('f' for dense and LSTM weights, 'c' for convolution kernels) when the score is computed, and
     * the buffer order of the view is the order the array was stored in.
     */
    private INDArray shaped(INDArray flat, int k, INDArray like) {
        long start = 0;
        for (int i = 0; i < k; i++) {
            start += lengths[i];
        }
        INDArray values = lengths.length == 1 ? flat : flat.get(NDArrayIndex.interval(start, start + lengths[k]));
        return Arrays.equals(values.shape(), like.shape()) ? values : values.reshape(like.ordering(), like.shape());
    }

    @Override
    public Regularization clone() {
        // Anchor and Fisher are never written to, so clones may share them.
        return new EwcPenalty(lambda, offsets, lengths, anchor, fisher);
    }

    public double lambda() {
        return lambda;
    }
}
