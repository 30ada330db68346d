package ai.continual.config;

/** What the label is: a class index (softmax + cross-entropy) or a real value (identity + MSE). */
public enum Task {
    CLASSIFICATION,
    REGRESSION
}
