package ai.continual.provenance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The promotion gate's verdict on a version: {@code committed} (may serve and be the parent of the next update) or
 * {@code rejected} (kept for inspection only). Written in manifests in lower case, as since format 1.
 */
public enum VersionStatus {
    COMMITTED, REJECTED;

    /** The name as written in manifests and printed by the CLI. */
    @JsonValue
    @Override
    public String toString() {
        return ManifestEnums.spelling(this);
    }

    /** Reads a manifest's spelling; names the allowed values when it is none of them. */
    @JsonCreator
    public static VersionStatus parse(String text) {
        return ManifestEnums.parse(VersionStatus.class, "version status", text);
    }
}
