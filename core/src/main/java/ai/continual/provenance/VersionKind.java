package ai.continual.provenance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

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
        return ManifestEnums.spelling(this);
    }

    /** Reads a manifest's spelling; names the allowed values when it is none of them. */
    @JsonCreator
    public static VersionKind parse(String text) {
        return ManifestEnums.parse(VersionKind.class, "version kind", text);
    }
}
