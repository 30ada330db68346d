package ai.continual.job.compare;

import ai.continual.config.ConfigException;
import ai.continual.report.Comparison;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One column of a comparison: a name, the strategy methods it runs ({@code replay+lwf+fusion}; none for
 * {@code retrain}; {@code default} for the config's own strategy, what the nightly job runs) and the config settings that apply to it alone, over the ones shared by all. Lets one
 * comparison set a tuned variant (fewer epochs over more rows, say) beside the shared baselines.
 *
 * @param settings {@code key=value} overrides for this strategy only
 */
public record ComparedStrategy(String name, String methods, List<String> settings) {

    public ComparedStrategy {
        settings = List.copyOf(settings);
    }

    /** The name (and methods) of the entry that runs the config's own strategy, exactly as a nightly run does. */
    public static final String DEFAULT = "default";

    public boolean isRetrain() {
        return methods == null;
    }

    /** True for {@code default}: the config's {@code strategy} as written, not replaced by the compared methods. */
    public boolean isConfigured() {
        return DEFAULT.equals(methods);
    }

    /**
     * Reads {@code --strategies} (comma-separated; an entry is {@code methods} or {@code name=methods}) and
     * {@code --set-for name:key=value} entries; adds {@code retrain} when {@code withRetrain}.
     */
    public static List<ComparedStrategy> parse(String strategies, List<String> setFor, boolean withRetrain) {
        Map<String, String> methodsByName = new LinkedHashMap<>();
        for (String entry : strategies.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            String name = eq < 0 ? trimmed : trimmed.substring(0, eq).trim();
            String methods = eq < 0 ? trimmed : trimmed.substring(eq + 1).trim();
            if (name.isEmpty() || methods.isEmpty()) {
                throw new ConfigException("--strategies entry '" + trimmed + "' needs a name and methods, e.g."
                        + " tuned=replay+lwf+fusion");
            }
            if (name.equals(Comparison.RETRAIN) || methodsByName.put(name, methods) != null) {
                throw new ConfigException("--strategies names '" + name + "' twice (or names a strategy 'retrain');"
                        + " give each entry its own name, e.g. tuned=" + methods);
            }
        }
        if (withRetrain) {
            methodsByName.put(Comparison.RETRAIN, null);
        }
        Map<String, List<String>> settings = new LinkedHashMap<>();
        methodsByName.keySet().forEach(name -> settings.put(name, new ArrayList<>()));
        for (String entry : setFor) {
            int colon = entry.indexOf(':');
            String name = colon < 0 ? "" : entry.substring(0, colon).trim();
            if (!settings.containsKey(name)) {
                throw new ConfigException("--set-for '" + entry + "' does not start with a compared strategy's name;"
                        + " write NAME:key=value with NAME one of " + settings.keySet());
            }
            settings.get(name).add(entry.substring(colon + 1).trim());
        }
        List<ComparedStrategy> out = new ArrayList<>();
        methodsByName.forEach((name, methods) -> out.add(new ComparedStrategy(name, methods, settings.get(name))));
        return out;
    }
}
