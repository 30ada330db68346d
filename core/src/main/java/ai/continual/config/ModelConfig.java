package ai.continual.config;

import java.util.List;
import java.util.Optional;

/**
 * The network to build for version 1 and how much of it stays fixed in later updates.
 *
 * @param type the architecture
 * @param inputShape {@code [height, width, channels]} of the flat feature array for {@link ModelType#CNN}, else empty
 * @param hiddenLayers the hidden layers in order; the output layer follows from the task
 * @param frozenLayers the first k layers are frozen in every update after version 1 (0 when
 *     {@code frozenThrough} names the split instead)
 * @param frozenThrough the name of the last frozen layer, when the split is given by name
 */
public record ModelConfig(ModelType type, List<Integer> inputShape, List<LayerSpec> hiddenLayers, int frozenLayers,
                          Optional<String> frozenThrough) {

    public ModelConfig {
        inputShape = List.copyOf(inputShape);
        hiddenLayers = List.copyOf(hiddenLayers);
    }

    /** An MLP of {@code hiddenLayers} with its first {@code frozenLayers} layers fixed. */
    public ModelConfig(List<LayerSpec> hiddenLayers, int frozenLayers) {
        this(ModelType.MLP, List.of(), hiddenLayers, frozenLayers, Optional.empty());
    }
}
