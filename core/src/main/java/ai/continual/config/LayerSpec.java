package ai.continual.config;

import java.util.List;

/**
 * One hidden layer as configured.
 *
 * @param kind what the layer is
 * @param size units (dense, lstm) or filters (convolution); 0 for layers without a width
 * @param activation a DL4J {@code Activation} name in lower case; empty for subsampling and batch-norm
 * @param kernel {@code [height, width]} for convolution and subsampling, else empty
 * @param stride {@code [height, width]} for convolution and subsampling, else empty
 * @param pooling {@code max} or {@code avg} for subsampling, else empty
 */
public record LayerSpec(LayerKind kind, int size, String activation, List<Integer> kernel, List<Integer> stride,
                        String pooling) {

    public LayerSpec {
        kernel = List.copyOf(kernel);
        stride = List.copyOf(stride);
    }

    /** A dense layer of {@code size} units. */
    public LayerSpec(int size, String activation) {
        this(LayerKind.DENSE, size, activation, List.of(), List.of(), "");
    }
}
