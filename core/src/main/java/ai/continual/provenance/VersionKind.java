package ai.continual.provenance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * How a version was produced: {@code initial} (version 1, built from config or imported), {@code update} (trained
 * on top of its parent) or {@code retrain} (trained from scratch on every partition up to its date, the upper-bound
 * baseline). Written in manifests in lower case, as since format 1.
 */
public enum VersionKind {
    INITIAL, UPDATE, RETRAIN;

    /** The name as written in manifests and printed by the CLI. */
    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a manifest's spelling; names the allowed values when it is none of them. */
    @JsonCreator
    public static VersionKind parse(String text) {
        return Arrays.stream(values()).filter(k -> k.toString().equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown version kind '" + text + "'; expected one of "
                        + Arrays.toString(values())));
    }
}
