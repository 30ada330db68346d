package ai.continual.run;

import ai.continual.config.ConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings that shape a model's network, which an update cannot change: it warm-starts the parent's
 * weights, so a new {@code model.hidden-layers} or {@code data.num-classes} would be silently ignored while the
 * manifest recorded it. A change is refused, naming each key with its stored and configured value; a run with
 * {@code --new-lineage} builds a fresh network from config instead.
 */
public final class ArchitectureContract {

    /** The keys that decide the network's shape, or which of its layers train. */
    public static final List<String> KEYS = List.of("data.task", "data.num-classes", "model.type",
            "model.input-shape", "model.hidden-layers", "model.frozen-layers", "model.grow-outputs");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ArchitectureContract() {}

    /**
     * Refuses {@code configured} when an architecture key differs from {@code stored}.
     *
     * @param stored the effective config recorded in the parent's manifest
     * @param configured the effective config of this run
     * @param parentVersion the parent's number, for the message
     * @throws ConfigException naming every changed key, its stored and configured value, and the two ways out
     */
    public static void check(Map<String, Object> stored, Map<String, Object> configured, int parentVersion) {
        if (stored == null || stored.isEmpty()) {
            return;
        }
        JsonNode before = JSON.valueToTree(stored);
        JsonNode now = JSON.valueToTree(configured);
        List<String> changes = new ArrayList<>();
        for (String key : KEYS) {
            JsonNode was = at(before, key);
            JsonNode is = at(now, key);
            if (!was.isMissingNode() && !sameValue(was, is)) {
                changes.add(key + ": stored " + was + ", configured " + (is.isMissingNode() ? "nothing" : is));
            }
        }
        if (!changes.isEmpty()) {
            throw new ConfigException("The config changes the network's architecture after version " + parentVersion
                    + " was built with other settings (" + String.join("; ", changes) + "). An update keeps the"
                    + " parent's network, so these keys cannot change: set them back to the stored values, or pass"
                    + " --new-lineage to build a new network from this config as a fresh line (its next version has"
                    + " no parent and learns from scratch).");
        }
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static JsonNode at(JsonNode root, String dottedKey) {
        JsonNode node = root;
        for (String part : dottedKey.split("\\.")) {
            node = node.path(part);
        }
        return node == null ? MissingNode.getInstance() : node;
    }
}
