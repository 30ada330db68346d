package ai.continual.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigRenderOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of continual-defaults.conf in file order, with their default values and the comments written above
 * them: what the configuration reference (docs/configuration.md) and the pinned-defaults test are built from.
 */
final class DefaultsFile {

    /** One key of the defaults file with the comment lines written directly above it. */
    record Key(String path, ConfigValue value, List<String> comment) {

        /** The default as written: {@code null}, a string's text, else the value in HOCON's concise form. */
        String text() {
            return switch (value.valueType()) {
                case NULL -> null;
                case STRING -> (String) value.unwrapped();
                default -> value.render(ConfigRenderOptions.concise());
            };
        }
    }

    private DefaultsFile() {}

    /** Every leaf key (objects are walked, lists are values) in the order the file lists them. */
    static List<Key> keys(Config defaults) {
        List<Key> out = new ArrayList<>();
        walk(defaults.root(), "", out);
        return out;
    }

    /** Every leaf key with its default as written ({@link Key#text()}), in file order. */
    static Map<String, String> leaves(Config defaults) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Key key : keys(defaults)) {
            out.put(key.path(), key.text());
        }
        return out;
    }

    /** The comment lines written directly above {@code path}'s block or key, without the leading '#'. */
    static List<String> comment(Config defaults, String path) {
        return defaults.root().get(path).origin().comments();
    }

    private static void walk(ConfigObject object, String prefix, List<Key> out) {
        List<Map.Entry<String, ConfigValue>> entries = new ArrayList<>(object.entrySet());
        entries.sort(Comparator.comparingInt(e -> e.getValue().origin().lineNumber()));
        for (Map.Entry<String, ConfigValue> entry : entries) {
            String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
            if (entry.getValue() instanceof ConfigObject nested) {
                walk(nested, path, out);
            } else {
                out.add(new Key(path, entry.getValue(), entry.getValue().origin().comments()));
            }
        }
    }
}
