package ai.continual.strategy;

import java.util.Iterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sums of squared per-example gradients of the log-likelihood (the empirical diagonal Fisher information,
 * before dividing by the count), flat and aligned with {@code params()}. Labels are the true ones. Executors each sum their rows; the
 * driver adds the sums and divides by the total count.
 */
public final class DiagonalFisher {

    private DiagonalFisher() {}

    /** Squared-gradient sum and count over {@code examples} (one example per DataSet). */
    public static Sum accumulate(MultiLayerNetwork net, Iterator<DataSet> examples) {
        INDArray sum = Nd4j.zeros(net.params().dataType(), net.numParams());
        long count = 0;
        while (examples.hasNext()) {
            DataSet example = examples.next();
            net.setInput(example.getFeatures());
            net.setLabels(example.getLabels());
            net.computeGradientAndScore();
            INDArray gradient = net.gradient().gradient();
            sum.addi(gradient.reshape(gradient.length()).mul(gradient.reshape(gradient.length())));
            count++;
        }
        net.clear();
        return new Sum(sum.toFloatVector(), count);
    }

    /** A partial sum that Spark can ship and merge (a class, not a record: Kryo cannot write records). */
    public static final class Sum implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        private float[] squaredGradients;
        private long count;

        /** For serialisers. */
        public Sum() {
            this(new float[0], 0);
        }

        public Sum(float[] squaredGradients, long count) {
            this.squaredGradients = squaredGradients;
            this.count = count;
        }

        public float[] squaredGradients() {
            return squaredGradients;
        }

        public long count() {
            return count;
        }

        public Sum merge(Sum other) {
            if (squaredGradients.length == 0) {
                return other;
            }
            if (other.squaredGradients.length == 0) {
                return this;
            }
            float[] out = squaredGradients.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] += other.squaredGradients[i];
            }
            return new Sum(out, count + other.count);
        }

        /** The mean: the diagonal Fisher estimate. */
        public INDArray mean() {
            if (count == 0) {
                throw new IllegalStateException("No example contributed to the Fisher estimate");
            }
            return Nd4j.createFromArray(squaredGradients).divi(count);
        }

        /**
         * The mean scaled to an average of 1 over all parameters. A confident model has tiny gradients, so the
         * raw Fisher shrinks as training succeeds; scaling it keeps ewc.lambda meaningful across versions
         * and models while preserving which weights matter more.
         */
        public INDArray normalizedMean() {
            INDArray mean = mean();
            double average = mean.meanNumber().doubleValue();
            if (!(average > 0)) {
                return mean;
            }
            return mean.divi(average);
        }

        public static Sum empty() {
            return new Sum(new float[0], 0);
        }
    }
}
