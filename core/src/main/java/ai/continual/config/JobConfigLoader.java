package ai.continual.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.BadValue;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.nd4j.linalg.activations.Activation;

/**
 * Loads a HOCON job file over {@code continual-defaults.conf} and validates every key before any work
 * starts. Unknown keys are typos: the error names the key, the closest valid key and all valid ones.
 */
public final class JobConfigLoader {

    /** Classpath resource holding every key with its default. */
    public static final String DEFAULTS_RESOURCE = "continual-defaults.conf";

    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private JobConfigLoader() {}

    /** The defaults alone, as shipped. */
    public static Config defaults() {
        return ConfigFactory.parseResources(JobConfigLoader.class, "/" + DEFAULTS_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false));
    }

    /** Loads {@code file}, applies {@code overrides} (key=value, HOCON syntax for the value) and validates. */
    public static JobConfig load(File file, List<String> overrides) {
        if (!file.isFile()) {
            throw new ConfigException("Config file " + file + " does not exist or is not a file;"
                    + " pass an existing HOCON file with --config (see conf/ for examples).");
        }
        Config user;
        try {
            user = ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("Config file " + file + " is not valid HOCON: " + e.getMessage(), e);
        }
        return fromConfig(applyOverrides(user, overrides), file.toString());
    }

    /** Parses {@code key=value} overrides and lays them over {@code base}. */
    public static Config applyOverrides(Config base, List<String> overrides) {
        Config result = base;
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("Override '" + override + "' is not key=value; write e.g."
                        + " --set training.epochs=3");
            }
            String key = override.substring(0, eq).trim();
            String value = override.substring(eq + 1).trim();
            try {
                Config parsed = ConfigFactory.parseString(key + " = " + quoteIfNeeded(value));
                result = parsed.withFallback(result);
            } catch (com.typesafe.config.ConfigException e) {
                throw new ConfigException("Override '" + override + "' cannot be parsed: " + e.getMessage(), e);
            }
        }
        return result;
    }

    private static String quoteIfNeeded(String value) {
        if (value.isEmpty()) {
            return "\"\"";
        }
        char first = value.charAt(0);
        if (first == '[' || first == '{' || first == '"') {
            return value;
        }
        // URIs and paths contain ':' and '/' which HOCON would not take unquoted.
        return value.matches("[A-Za-z0-9_.+-]+")
                ? value
                : com.typesafe.config.ConfigValueFactory.fromAnyRef(value).render(ConfigRenderOptions.concise());
    }

    /** Validates a user config (without defaults) and builds the record; {@code origin} names it in errors. */
    public static JobConfig fromConfig(Config user, String origin) {
        Config defaults = defaults();
        rejectUnknownKeys(user.root(), defaults.root(), "", origin);
        Config c = user.withFallback(defaults).resolve();
        Validator v = new Validator(c, origin);

        String modelName = v.requiredString("model-name");
        if (!MODEL_NAME.matcher(modelName).matches()) {
            throw v.error("model-name", "'" + modelName + "' may only contain letters, digits, '.', '_' and '-'"
                    + " (no '/', no '..', at most 128 characters)");
        }
        if (modelName.contains("..")) {
            throw v.error("model-name", "'" + modelName + "' must not contain '..'");
        }
        String store = v.requiredString("store");
        long seed = c.getLong("seed");
        for (String key : List.of("store", "data.root", "data.eval-root", "training.export-dir")) {
            if (c.hasPath(key) && ai.continual.secrets.Redaction.hasUriCredentials(c.getString(key))) {
                throw v.error(key, "holds credentials in its URI (" + ai.continual.secrets.Redaction.uris(
                        c.getString(key)) + "); Hadoop would log them. Remove them and set the keys as Hadoop"
                        + " settings instead, e.g. spark.hadoop.fs.s3a.access.key / spark.hadoop.fs.s3a.secret.key");
            }
        }

        DataConfig data = dataConfig(c, v);
        ModelConfig model = modelConfig(c, v);
        TrainingConfig training = trainingConfig(c, v);
        if (training.updateEpochs() > 0 && training.maxUpdateExamples() > 0) {
            throw v.error("training.max-update-examples", "is set together with training.update-epochs ("
                    + training.updateEpochs() + "); the budget chooses an update's epochs itself (distinct rows first,"
                    + " at most training.epochs). Set one of them, e.g. training.update-epochs = 0");
        }
        StrategyConfig strategy = strategyConfig(c, v);
        boolean autoRatio = v.isWord("replay.ratio", "auto");
        ReplayConfig replay = new ReplayConfig(
                strategy.uses(StrategyMethod.REPLAY) || strategy.uses(StrategyMethod.AUTO),
                v.enumValue("replay.sampling", ReplaySampling.class),
                autoRatio ? 0 : v.doubleOrWord("replay.ratio", 0, 1000, "auto"), autoRatio,
                v.intIn("replay.max-rows", 0, Integer.MAX_VALUE),
                v.enumValue("replay.source", ReplaySource.class),
                v.intIn("replay.reservoir-size", 1, 10_000_000));
        GateConfig gate = new GateConfig(v.optionalDouble("gate.min-new-score", -1e9, 1),
                v.optionalDouble("gate.max-forgetting", 0, 1e9), v.optionalDouble("gate.max-drop", 0, 1e9));

        Map<String, Object> effective = c.root().unwrapped();
        return new JobConfig(modelName, store, seed, data, model, training, replay, strategy, gate, effective,
                sha256(canonical(c)), objective(v));
    }

    private static ai.continual.selection.Objective objective(Validator v) {
        return new ai.continual.selection.Objective(
                v.enumValue("objective.past-weight", ai.continual.selection.PastWeight.class),
                v.doubleIn("objective.half-life-dates", 0.01, 1e6));
    }

    private static AutoConfig autoConfig(Config c, Validator v) {
        List<Double> alphas = numbers(c, v, "auto.fusion-alphas", 0, 1, "[0.5, 0.75]");
        List<Double> lambdas = numbers(c, v, "auto.ewc-lambdas", 0, 1e12, "[1, 10]");
        List<Double> taus = numbers(c, v, "auto.prior-corrections", 0, 1, "[0.5, 1]");
        return new AutoConfig(v.doubleIn("auto.selection-fraction", 0.01, 0.5), alphas, lambdas, taus,
                v.doubleIn("auto.max-extra-cost", 0, 100), v.doubleIn("auto.stale-margin", 0, 10));
    }

    private static List<Double> numbers(Config c, Validator v, String key, double min, double max, String example) {
        List<Double> values;
        try {
            values = c.getDoubleList(key);
        } catch (com.typesafe.config.ConfigException.WrongType e) {
            throw v.error(key, "must be a list of numbers in [" + min + ", " + max + "], e.g. " + example);
        }
        for (double value : values) {
            if (!(value >= min && value <= max)) {
                throw v.error(key, "holds " + value + "; every value must be in [" + min + ", " + max + "]");
            }
        }
        return values;
    }

    private static StrategyConfig strategyConfig(Config c, Validator v) {
        List<String> names;
        ConfigValue raw = c.getValue("strategy");
        if (raw.valueType() == ConfigValueType.LIST) {
            names = c.getStringList("strategy");
        } else if (raw.valueType() == ConfigValueType.STRING) {
            names = List.of(c.getString("strategy").split("\\+"));
        } else {
            throw v.error("strategy", "must be a list such as [replay, ewc] or a string such as \"replay+ewc\"");
        }
        java.util.EnumSet<StrategyMethod> methods = java.util.EnumSet.noneOf(StrategyMethod.class);
        for (String name : names) {
            String normalized = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            try {
                methods.add(StrategyMethod.valueOf(normalized));
            } catch (IllegalArgumentException e) {
                throw v.error("strategy", "names '" + name.trim() + "', which is not a method; valid: auto, finetune,"
                        + " replay, ewc, lwf, fusion");
            }
        }
        if (methods.isEmpty()) {
            throw v.error("strategy", "is empty; use finetune for a plain warm start");
        }
        if (methods.contains(StrategyMethod.FINETUNE) && methods.size() > 1) {
            throw v.error("strategy", "combines finetune with " + names + "; finetune means no other method,"
                    + " so list the other methods alone");
        }
        if (methods.contains(StrategyMethod.AUTO) && methods.size() > 1) {
            throw v.error("strategy", "combines auto with " + names + "; auto chooses among replay, new rows only,"
                    + " fusion and ewc itself, so write strategy = [auto] alone or list fixed methods without it");
        }
        EwcConfig ewc = new EwcConfig(v.doubleIn("ewc.lambda", 0, 1e12), v.doubleIn("ewc.gamma", 0, 1),
                v.intIn("ewc.fisher-samples", 1, 10_000_000));
        LwfConfig lwf = new LwfConfig(v.doubleIn("lwf.alpha", 0, 1), v.doubleIn("lwf.temperature", 0.01, 100));
        List<Double> grid;
        try {
            grid = c.getDoubleList("fusion.alpha-grid");
        } catch (com.typesafe.config.ConfigException.WrongType e) {
            throw v.error("fusion.alpha-grid", "must be a list of numbers in [0, 1], e.g. [0.25, 0.5, 0.75, 1]");
        }
        for (double alpha : grid) {
            if (!(alpha >= 0 && alpha <= 1)) {
                throw v.error("fusion.alpha-grid", "holds " + alpha + "; every candidate must be in [0, 1]");
            }
        }
        FusionConfig fusion = new FusionConfig(v.doubleIn("fusion.alpha", 0, 1), grid,
                v.doubleIn("fusion.ema-decay", 0, 0.9999));
        if (fusion.ema() && !grid.isEmpty()) {
            throw v.error("fusion.alpha-grid", "is set together with fusion.ema-decay; choose one: an EMA of"
                    + " weights (ema-decay > 0) or an alpha chosen by validation (alpha-grid)");
        }
        return new StrategyConfig(methods, ewc, lwf, fusion, v.bool("model.grow-outputs"), autoConfig(c, v));
    }

    private static DataConfig dataConfig(Config c, Validator v) {
        String root = v.requiredString("data.root");
        Optional<String> arrayColumn = Optional.empty();
        List<String> columns = List.of();
        ConfigValue features = c.getValue("data.features");
        if (features.valueType() == ConfigValueType.STRING) {
            arrayColumn = Optional.of(v.requiredString("data.features"));
        } else if (features.valueType() == ConfigValueType.LIST) {
            columns = c.getStringList("data.features");
            if (columns.isEmpty()) {
                throw v.error("data.features", "the list of feature columns is empty");
            }
            if (new TreeSet<>(columns).size() != columns.size()) {
                throw v.error("data.features", "lists a column twice: " + columns);
            }
        } else {
            throw v.error("data.features", "must be one array column name (\"features\") or a list of numeric"
                    + " column names ([\"x1\", \"x2\"]), found " + features.valueType().name().toLowerCase(Locale.ROOT));
        }
        Task task = v.enumValue("data.task", Task.class);
        int numClasses = 0;
        if (task == Task.CLASSIFICATION) {
            if (!c.hasPath("data.num-classes")) {
                throw v.error("data.num-classes", "is required for classification (the number of classes K;"
                        + " labels are 0..K-1)");
            }
            numClasses = v.intIn("data.num-classes", 2, 100_000);
        }
        String label = v.requiredString("data.label-column");
        Optional<String> id = v.optionalString("data.id-column");
        if (columns.contains(label) || arrayColumn.filter(label::equals).isPresent()) {
            throw v.error("data.label-column", "'" + label + "' is also listed as a feature");
        }
        DataFormat format = v.enumValue("data.format", DataFormat.class);
        if (format == DataFormat.CSV && arrayColumn.isPresent()) {
            throw v.error("data.features", "names one array column, but CSV files have no array columns; list"
                    + " the numeric feature columns instead, e.g. data.features = [x1, x2, x3]");
        }
        return new DataConfig(root, format, arrayColumn, columns, label, id,
                task, numClasses, v.enumValue("data.invalid-rows", InvalidRowPolicy.class),
                v.doubleIn("data.holdout-fraction", 0, 0.9), v.optionalString("data.eval-root"),
                v.enumValue("data.normalizer", NormalizerKind.class), v.bool("data.standardize-target"),
                v.intIn("data.stored-holdout-rows", 0, 10_000_000));
    }

    private static ModelConfig modelConfig(Config c, Validator v) {
        return ModelConfigReader.read(c, v::error, v.enumValue("model.type", ModelType.class));
    }

    private static TrainingConfig trainingConfig(Config c, Validator v) {
        String updater = configName(v.enumValue("training.updater", UpdaterKind.class));
        return new TrainingConfig(
                v.intIn("training.epochs", 1, 10_000),
                v.intOrAuto("training.batch-size", 1, 1_000_000),
                v.intOrAuto("training.averaging-frequency", 1, 1_000_000),
                updater,
                v.doubleIn("training.learning-rate", 1e-9, 10),
                v.intIn("training.workers", 0, 100_000),
                v.optionalString("training.export-dir"),
                v.intIn("training.worker-threads", 0, 1024),
                v.intIn("training.max-new-rows", 0, Integer.MAX_VALUE),
                v.enumValue("training.parameter-averaging", AveragingEngine.class),
                v.enumValue("training.minibatch-cache", MinibatchCache.class),
                v.intIn("training.initial-max-rows", 0, Integer.MAX_VALUE),
                v.intIn("training.update-epochs", 0, 10_000),
                v.intIn("training.max-update-examples", 0, Integer.MAX_VALUE));
    }

    /** Every key of {@code user} must exist in {@code defaults}; list values are checked by their readers. */
    private static void rejectUnknownKeys(ConfigObject user, ConfigObject defaults, String prefix, String origin) {
        for (Map.Entry<String, ConfigValue> entry : user.entrySet()) {
            String key = entry.getKey();
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (!defaults.containsKey(key)) {
                List<String> valid = new ArrayList<>(new TreeSet<>(defaults.keySet()));
                String where = prefix.isEmpty() ? "at the top level" : "under '" + prefix + "'";
                throw new ConfigException("Unknown config key '" + path + "' in " + origin + closest(key, valid)
                        + ". Valid keys " + where + ": " + String.join(", ", valid));
            }
            ConfigValue defaultValue = defaults.get(key);
            if (entry.getValue() instanceof ConfigObject nested && defaultValue instanceof ConfigObject nestedDefault) {
                rejectUnknownKeys(nested, nestedDefault, path, origin);
            }
        }
    }

    private static String closest(String key, List<String> valid) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : valid) {
            int d = distance.apply(key, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 3) ? " (did you mean '" + best + "'?)" : "";
    }

    /** Keys sorted, so the hash does not depend on the order keys were written in. */
    private static String canonical(Config c) {
        StringBuilder sb = new StringBuilder();
        new TreeSet<>(c.entrySet().stream().map(Map.Entry::getKey).toList())
                .forEach(k -> sb.append(k).append('=').append(c.getValue(k).render(ConfigRenderOptions.concise()))
                        .append('\n'));
        return sb.toString();
    }

    /** The first 8 bytes of the SHA-256 of {@code text}, in hex: short enough to read, long enough to tell configs apart. */
    private static String sha256(String text) {
        return DigestUtils.sha256Hex(text).substring(0, 16);
    }

    /** Typed reads that turn Typesafe's exceptions into messages naming the key, the value and the fix. */
    private record Validator(Config c, String origin) {

        ConfigException error(String key, String problem) {
            return new ConfigException("Config key '" + key + "' in " + origin + " " + problem + ".");
        }

        String requiredString(String key) {
            if (!c.hasPath(key)) {
                throw error(key, "is required and not set");
            }
            String value = string(key);
            if (value.isBlank()) {
                throw error(key, "must not be empty");
            }
            return value;
        }

        Optional<String> optionalString(String key) {
            return c.hasPath(key) ? Optional.of(string(key)).filter(s -> !s.isBlank()) : Optional.empty();
        }

        private String string(String key) {
            try {
                return c.getString(key);
            } catch (com.typesafe.config.ConfigException.WrongType e) {
                throw error(key, "must be a string, found " + c.getValue(key).valueType().name().toLowerCase(Locale.ROOT));
            }
        }

        boolean bool(String key) {
            try {
                return c.getBoolean(key);
            } catch (com.typesafe.config.ConfigException.WrongType e) {
                throw error(key, "must be true or false, found '" + c.getValue(key).unwrapped() + "'");
            }
        }

        /** True when {@code key} holds the string {@code word} (any case). */
        boolean isWord(String key, String word) {
            return c.getValue(key).valueType() == ConfigValueType.STRING && word.equalsIgnoreCase(c.getString(key));
        }

        /** A number in [min, max]; the error names {@code word} as the other value the key takes. */
        double doubleOrWord(String key, double min, double max, String word) {
            try {
                return doubleIn(key, min, max);
            } catch (ConfigException e) {
                throw error(key, "must be " + word + " or a number in [" + min + ", " + max + "], found '"
                        + c.getValue(key).unwrapped() + "'");
            }
        }

        Optional<Double> optionalDouble(String key, double min, double max) {
            return c.hasPath(key) ? Optional.of(doubleIn(key, min, max)) : Optional.empty();
        }

        /** A whole number in min..max, or {@code auto} ({@link TrainingConfig#AUTO}). */
        int intOrAuto(String key, int min, int max) {
            if (c.getValue(key).valueType() == ConfigValueType.STRING && "auto".equalsIgnoreCase(c.getString(key))) {
                return TrainingConfig.AUTO;
            }
            try {
                return intIn(key, min, max);
            } catch (ConfigException e) {
                throw error(key, "must be auto or a whole number in " + min + ".." + max + ", found '"
                        + c.getValue(key).unwrapped() + "'");
            }
        }

        int intIn(String key, int min, int max) {
            int value;
            try {
                value = c.getInt(key);
            } catch (com.typesafe.config.ConfigException.WrongType | BadValue e) {
                throw error(key, "must be a whole number in " + min + ".." + max + ", found '"
                        + c.getValue(key).unwrapped() + "'");
            }
            if (value < min || value > max) {
                throw error(key, "must be in " + min + ".." + max + ", found " + value);
            }
            return value;
        }

        double doubleIn(String key, double min, double max) {
            double value;
            try {
                value = c.getDouble(key);
            } catch (com.typesafe.config.ConfigException.WrongType | BadValue e) {
                throw error(key, "must be a number in [" + min + ", " + max + "], found '"
                        + c.getValue(key).unwrapped() + "'");
            }
            if (!(value >= min && value <= max)) {
                throw error(key, "must be in [" + min + ", " + max + "], found " + value);
            }
            return value;
        }

        <E extends Enum<E>> E enumValue(String key, Class<E> type) {
            String raw = requiredString(key);
            String normalized = raw.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            try {
                return Enum.valueOf(type, normalized);
            } catch (IllegalArgumentException e) {
                List<String> valid = new ArrayList<>();
                for (E constant : type.getEnumConstants()) {
                    valid.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
                }
                throw error(key, "is '" + raw + "'; valid values: " + String.join(", ", valid));
            }
        }
    }

    /** Lower-case, dash-separated name of an enum constant as written in config files. */
    public static String configName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
