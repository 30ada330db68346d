package ai.continual.config;

import java.util.List;

/** The network to build for version 1 and how much of it stays fixed in later updates. */
public record ModelConfig(List<LayerSpec> hiddenLayers, int frozenLayers) {
    public ModelConfig {
        hiddenLayers = List.copyOf(hiddenLayers);
    }
}
