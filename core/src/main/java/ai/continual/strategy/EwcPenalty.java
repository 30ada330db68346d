package ai.continual.strategy;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.serde.jackson.shaded.NDArrayTextDeSerializer;
import org.nd4j.serde.jackson.shaded.NDArrayTextSerializer;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.databind.annotation.JsonDeserialize;
import org.nd4j.shade.jackson.databind.annotation.JsonSerialize;

/**
 * The EWC penalty λ/2·Σ F·(θ−θ*)² on one parameter array, as a DL4J {@link Regularization}: DL4J adds its
 * gradient λ·F·(θ−θ*) before the updater, on executors too, because the penalty travels inside the layer
 * configuration. Anchor θ* and Fisher F are flat vectors in the 'f' order of DL4J's parameter views.
 */
public final class EwcPenalty implements Regularization {
    private static final long serialVersionUID = 1L;

    @JsonProperty("lambda")
    private final double lambda;
    @JsonProperty("anchor")
    @JsonSerialize(using = NDArrayTextSerializer.class)
    @JsonDeserialize(using = NDArrayTextDeSerializer.class)
    private final INDArray anchor;
    @JsonProperty("fisher")
    @JsonSerialize(using = NDArrayTextSerializer.class)
    @JsonDeserialize(using = NDArrayTextDeSerializer.class)
    private final INDArray fisher;

    @JsonCreator
    public EwcPenalty(@JsonProperty("lambda") double lambda, @JsonProperty("anchor") INDArray anchor,
                      @JsonProperty("fisher") INDArray fisher) {
        if (anchor.length() != fisher.length()) {
            throw new IllegalArgumentException("EWC anchor has " + anchor.length() + " values but the Fisher has "
                    + fisher.length());
        }
        this.lambda = lambda;
        this.anchor = anchor;
        this.fisher = fisher;
    }

    @Override
    public ApplyStep applyStep() {
        return ApplyStep.BEFORE_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
        // The parameter view is laid out in 'f' order; a 'c' reshape would pair weights with the wrong anchors.
        INDArray pull = param.sub(shaped(anchor, param)).muli(shaped(fisher, param)).muli(lambda);
        gradView.addi(pull);
    }

    @Override
    public double score(INDArray param, int iteration, int epoch) {
        INDArray diff = param.sub(shaped(anchor, param));
        return 0.5 * lambda * diff.muli(diff).muli(shaped(fisher, param)).sumNumber().doubleValue();
    }

    private static INDArray shaped(INDArray flat, INDArray like) {
        if (flat.length() != like.length()) {
            throw new IllegalStateException("EWC penalty holds " + flat.length() + " values for a parameter of "
                    + like.length());
        }
        return java.util.Arrays.equals(flat.shape(), like.shape()) ? flat : flat.reshape('f', like.shape());
    }

    @Override
    public Regularization clone() {
        // Anchor and Fisher are never written to, so clones may share them.
        return new EwcPenalty(lambda, anchor, fisher);
    }

    public double lambda() {
        return lambda;
    }

    public INDArray anchor() {
        return anchor;
    }

    public INDArray fisher() {
        return fisher;
    }
}
