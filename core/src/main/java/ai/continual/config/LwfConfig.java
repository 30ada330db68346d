package ai.continual.config;

/**
 * Distillation (learning without forgetting) settings.
 *
 * @param alpha weight of the parent's soft predictions in the targets; the true label gets 1 − alpha
 * @param temperature softening T of the parent's predictions, p_i ∝ p_i^(1/T) (= softmax(z/T))
 */
public record LwfConfig(double alpha, double temperature) {}
