package ai.continual.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.nd4j.linalg.activations.Activation;

/**
 * Reads and validates the {@code model} section: the architecture, the input shape, the layer list
 * (which layer kinds each architecture allows, and in which order) and the frozen split.
 */
final class ModelConfigReader {

    private static final int MAX_WIDTH = 100_000;

    private final Config c;
    private final BiFunction<String, String, ConfigException> error;

    private ModelConfigReader(Config c, BiFunction<String, String, ConfigException> error) {
        this.c = c;
        this.error = error;
    }

    /** The validated model section of {@code c}; {@code error} builds a message naming key and problem. */
    static ModelConfig read(Config c, BiFunction<String, String, ConfigException> error, ModelType type) {
        return new ModelConfigReader(c, error).read(type);
    }

    private ModelConfig read(ModelType type) {
        List<Integer> inputShape = inputShape(type);
        List<? extends ConfigObject> list;
        try {
            list = c.getObjectList("model.hidden-layers");
        } catch (com.typesafe.config.ConfigException.WrongType e) {
            throw error.apply("model.hidden-layers", "must be a list of layer objects, e.g."
                    + " [{type = dense, size = 64, activation = relu}]");
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            layers.add(layer(list.get(i).toConfig(), "model.hidden-layers[" + i + "]", type));
        }
        if (layers.isEmpty()) {
            throw error.apply("model.hidden-layers", "needs at least one hidden layer");
        }
        checkOrder(type, layers);
        if (type == ModelType.LSTM && c.getValue("data.features").valueType() != ConfigValueType.STRING) {
            throw error.apply("data.features", "must name one sequence column (array<array<float>>) when"
                    + " model.type = lstm");
        }
        ConfigValue frozen = c.getValue("model.frozen-layers");
        if (frozen.valueType() == ConfigValueType.STRING) {
            String name = c.getString("model.frozen-layers").trim();
            if (name.isEmpty()) {
                throw error.apply("model.frozen-layers", "must be a number of layers or a layer name, found \"\"");
            }
            return new ModelConfig(type, inputShape, layers, 0, Optional.of(name));
        }
        int k;
        try {
            k = c.getInt("model.frozen-layers");
        } catch (com.typesafe.config.ConfigException e) {
            throw error.apply("model.frozen-layers", "must be a whole number of leading layers or a layer name,"
                    + " found '" + frozen.unwrapped() + "'");
        }
        if (k < 0 || k > layers.size()) {
            throw error.apply("model.frozen-layers", "must be in 0.." + layers.size() + " (the hidden layers), found " + k);
        }
        return new ModelConfig(type, inputShape, layers, k, Optional.empty());
    }

    private List<Integer> inputShape(ModelType type) {
        List<Integer> shape;
        try {
            shape = c.getIntList("model.input-shape");
        } catch (com.typesafe.config.ConfigException e) {
            throw error.apply("model.input-shape", "must be a list of whole numbers [height, width, channels]");
        }
        if (type != ModelType.CNN) {
            if (!shape.isEmpty()) {
                throw error.apply("model.input-shape", "is only used by model.type = cnn; remove it or set"
                        + " model.type = cnn");
            }
            return List.of();
        }
        if (shape.size() != 3 || shape.stream().anyMatch(d -> d < 1 || d > MAX_WIDTH)) {
            throw error.apply("model.input-shape", "must be [height, width, channels] of positive sizes when"
                    + " model.type = cnn, found " + shape);
        }
        return shape;
    }

    private LayerSpec layer(Config layer, String key, ModelType type) {
        LayerKind kind = kind(layer, key);
        Set<LayerKind> allowed = switch (type) {
            case MLP -> EnumSet.of(LayerKind.DENSE, LayerKind.BATCH_NORM);
            case CNN -> EnumSet.of(LayerKind.DENSE, LayerKind.CONVOLUTION, LayerKind.SUBSAMPLING, LayerKind.BATCH_NORM);
            case LSTM -> EnumSet.of(LayerKind.DENSE, LayerKind.LSTM);
        };
        if (!allowed.contains(kind)) {
            throw error.apply(key + ".type", "is " + name(kind) + ", which model.type = "
                    + type.name().toLowerCase(Locale.ROOT) + " does not take; valid: "
                    + allowed.stream().map(ModelConfigReader::name).toList());
        }
        Set<String> settings = switch (kind) {
            case DENSE, LSTM -> Set.of("type", "size", "activation");
            case CONVOLUTION -> Set.of("type", "filters", "kernel", "stride", "activation");
            case SUBSAMPLING -> Set.of("type", "pooling", "kernel", "stride");
            case BATCH_NORM -> Set.of("type");
        };
        for (String k : layer.root().keySet()) {
            if (!settings.contains(k)) {
                throw error.apply(key + "." + k, "is not a setting of a " + name(kind) + " layer; valid: "
                        + new TreeSet<>(settings));
            }
        }
        return switch (kind) {
            case DENSE -> new LayerSpec(kind, width(layer, key, "size"), activation(layer, key, "relu"),
                    List.of(), List.of(), "");
            case LSTM -> new LayerSpec(kind, width(layer, key, "size"), activation(layer, key, "tanh"),
                    List.of(), List.of(), "");
            case CONVOLUTION -> {
                List<Integer> kernel = pair(layer, key, "kernel", null);
                yield new LayerSpec(kind, width(layer, key, "filters"), activation(layer, key, "relu"), kernel,
                        pair(layer, key, "stride", List.of(1, 1)), "");
            }
            case SUBSAMPLING -> {
                List<Integer> kernel = pair(layer, key, "kernel", List.of(2, 2));
                String pooling = layer.hasPath("pooling") ? layer.getString("pooling").toLowerCase(Locale.ROOT) : "max";
                if (!pooling.equals("max") && !pooling.equals("avg")) {
                    throw error.apply(key + ".pooling", "is '" + pooling + "'; valid: max, avg");
                }
                yield new LayerSpec(kind, 0, "", kernel, pair(layer, key, "stride", kernel), pooling);
            }
            case BATCH_NORM -> new LayerSpec(kind, 0, "", List.of(), List.of(), "");
        };
    }

    /** lstm layers first, then the rest; cnn: no convolution or subsampling after a dense layer. */
    private void checkOrder(ModelType type, List<LayerSpec> layers) {
        boolean seenDense = false;
        boolean seenConvolution = false;
        for (int i = 0; i < layers.size(); i++) {
            LayerKind kind = layers.get(i).kind();
            String key = "model.hidden-layers[" + i + "].type";
            if (kind == LayerKind.DENSE) {
                seenDense = true;
            } else if (seenDense && (kind == LayerKind.LSTM || kind == LayerKind.CONVOLUTION
                    || kind == LayerKind.SUBSAMPLING)) {
                throw error.apply(key, "is " + name(kind) + " after a dense layer; put the " + name(kind)
                        + " layers before the dense ones");
            }
            seenConvolution |= kind == LayerKind.CONVOLUTION;
        }
        if (type == ModelType.CNN && !seenConvolution) {
            throw error.apply("model.hidden-layers", "has no convolution layer; model.type = cnn needs at least one"
                    + " ({type = convolution, filters = 16, kernel = [3, 3]})");
        }
        if (type == ModelType.LSTM && layers.get(0).kind() != LayerKind.LSTM) {
            throw error.apply("model.hidden-layers[0].type", "must be lstm when model.type = lstm");
        }
    }

    private LayerKind kind(Config layer, String key) {
        String raw = layer.hasPath("type") ? layer.getString("type") : "dense";
        try {
            return LayerKind.valueOf(raw.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw error.apply(key + ".type", "is '" + raw + "'; valid: dense, convolution, subsampling, batch-norm, lstm");
        }
    }

    private int width(Config layer, String key, String setting) {
        if (!layer.hasPath(setting)) {
            throw error.apply(key + "." + setting, "is required (the number of "
                    + (setting.equals("filters") ? "filters" : "units") + ")");
        }
        int size;
        try {
            size = layer.getInt(setting);
        } catch (com.typesafe.config.ConfigException e) {
            throw error.apply(key + "." + setting, "must be a whole number, found '"
                    + layer.getValue(setting).unwrapped() + "'");
        }
        if (size < 1 || size > MAX_WIDTH) {
            throw error.apply(key + "." + setting, "must be in 1.." + MAX_WIDTH + ", found " + size);
        }
        return size;
    }

    private String activation(Config layer, String key, String fallback) {
        String activation = layer.hasPath("activation") ? layer.getString("activation") : fallback;
        try {
            Activation.valueOf(activation.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error.apply(key + ".activation", "'" + activation + "' is not a DL4J activation; e.g. relu, tanh,"
                    + " sigmoid, leakyrelu, elu, identity");
        }
        return activation.toLowerCase(Locale.ROOT);
    }

    private List<Integer> pair(Config layer, String key, String setting, List<Integer> fallback) {
        if (!layer.hasPath(setting)) {
            if (fallback == null) {
                throw error.apply(key + "." + setting, "is required, e.g. " + setting + " = [3, 3]");
            }
            return fallback;
        }
        List<Integer> pair;
        try {
            pair = layer.getIntList(setting);
        } catch (com.typesafe.config.ConfigException e) {
            throw error.apply(key + "." + setting, "must be [height, width], e.g. [3, 3]");
        }
        if (pair.size() != 2 || pair.stream().anyMatch(d -> d < 1 || d > MAX_WIDTH)) {
            throw error.apply(key + "." + setting, "must be [height, width] of positive sizes, found " + pair);
        }
        return pair;
    }

    static String name(LayerKind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
