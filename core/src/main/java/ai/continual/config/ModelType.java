package ai.continual.config;

/**
 * The architecture built for version 1 from config: it decides how the flat feature array is read
 * (a vector, an image of {@code model.input-shape}, or a sequence of time steps) and which layer
 * kinds {@code model.hidden-layers} may hold.
 */
public enum ModelType {
    /** Dense layers on the feature vector. */
    MLP,
    /** Convolution, subsampling and batch-norm layers on an image-like feature array, then dense layers. */
    CNN,
    /** Recurrent (LSTM) layers on a sequence column (time steps x features), then dense layers. */
    LSTM
}
