package ai.continual.config;

/** The kind of one hidden layer in {@code model.hidden-layers} (config name in lower case, '-' for '_'). */
public enum LayerKind {
    DENSE,
    CONVOLUTION,
    SUBSAMPLING,
    BATCH_NORM,
    LSTM
}
