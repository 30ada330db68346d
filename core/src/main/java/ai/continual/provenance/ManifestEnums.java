package ai.continual.provenance;

import java.util.Arrays;
import java.util.Locale;

/** How the manifest's enums are spelled in JSON: their names in lower case, as written since store format 1. */
final class ManifestEnums {

    private ManifestEnums() {}

    static String spelling(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code type} spelled {@code text}; names the allowed spellings when there is none. */
    static <E extends Enum<E>> E parse(Class<E> type, String what, String text) {
        E[] values = type.getEnumConstants();
        return Arrays.stream(values).filter(v -> spelling(v).equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown " + what + " '" + text + "'; expected one of "
                        + Arrays.toString(values)));
    }
}
