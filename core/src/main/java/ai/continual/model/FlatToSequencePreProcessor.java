package ai.continual.model;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Reads a flat feature row {@code [step0 features, step1 features, ...]} as a sequence for a recurrent
 * first layer: {@code [batch, steps * width]} becomes {@code [batch, width, steps]} (DL4J's NCW layout).
 * It lets every network, whatever its architecture, take the same flat 2-D input, so data conversion,
 * evaluation and strategies that work on flat rows (replay, distillation) need not know the architecture.
 */
public final class FlatToSequencePreProcessor implements InputPreProcessor {
    private static final long serialVersionUID = 1L;

    private final int timeSteps;
    private final int stepWidth;

    @JsonCreator
    public FlatToSequencePreProcessor(@JsonProperty("timeSteps") int timeSteps,
                                      @JsonProperty("stepWidth") int stepWidth) {
        this.timeSteps = timeSteps;
        this.stepWidth = stepWidth;
    }

    @JsonProperty("timeSteps")
    public int timeSteps() {
        return timeSteps;
    }

    @JsonProperty("stepWidth")
    public int stepWidth() {
        return stepWidth;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        if (input.rank() != 2 || input.size(1) != (long) timeSteps * stepWidth) {
            throw new IllegalArgumentException("Expected flat sequence rows of shape [batch, " + timeSteps + " * "
                    + stepWidth + "], got " + java.util.Arrays.toString(input.shape()));
        }
        INDArray steps = input.dup('c').reshape('c', input.size(0), timeSteps, stepWidth);
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, steps.permute(0, 2, 1), 'c');
    }

    @Override
    public INDArray backprop(INDArray epsilon, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray steps = epsilon.permute(0, 2, 1).dup('c');
        return workspaceMgr.dup(ArrayType.ACTIVATION_GRAD,
                steps.reshape('c', epsilon.size(0), (long) timeSteps * stepWidth), 'c');
    }

    @Override
    public InputPreProcessor clone() {
        return new FlatToSequencePreProcessor(timeSteps, stepWidth);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return InputType.recurrent(stepWidth, timeSteps);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        // Rows are fixed-length windows: there is no per-step mask to derive.
        return new Pair<>(null, currentMaskState);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlatToSequencePreProcessor p && p.timeSteps == timeSteps && p.stepWidth == stepWidth;
    }

    @Override
    public int hashCode() {
        return 31 * timeSteps + stepWidth;
    }

    @Override
    public String toString() {
        return "FlatToSequencePreProcessor(timeSteps=" + timeSteps + ", stepWidth=" + stepWidth + ")";
    }
}
