package ai.continual.config;

/** One hidden dense layer: its width and activation (a DL4J {@code Activation} name, lower case). */
public record LayerSpec(int size, String activation) {}
