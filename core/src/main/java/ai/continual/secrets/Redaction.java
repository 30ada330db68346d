package ai.continual.secrets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Removes credentials from text that goes to logs, manifests, summaries or error messages: the
 * user-info part of URIs ({@code s3a://KEY:SECRET@bucket/...}) and the values of Hadoop/Spark
 * settings whose names mark them as secret.
 */
public final class Redaction {

    /** What replaces a removed secret. */
    public static final String MASK = "*****";

    private static final Pattern URI_USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");
    /** Setting names whose values are credentials (same spirit as Spark's spark.redaction.regex). */
    public static final Pattern SECRET_KEY_NAME =
            Pattern.compile("(?i).*(secret|password|token|access\\.key|credential|session\\.key).*");

    private Redaction() {}

    /** {@code text} with user-info removed from every URI in it. */
    public static String uris(String text) {
        if (text == null) {
            return null;
        }
        return URI_USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
    }

    /**
     * A copy of a settings tree (as recorded in manifests) with URI credentials removed from every
     * string and the values of secret-looking keys masked.
     */
    public static Map<String, Object> settings(Map<String, ?> settings) {
        Map<String, Object> copy = new LinkedHashMap<>();
        settings.forEach((key, value) -> copy.put(key, isSecretKey(key) ? MASK : value(value)));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object value) {
        if (value instanceof String text) {
            return uris(text);
        }
        if (value instanceof Map<?, ?> map) {
            return settings((Map<String, ?>) map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Redaction::value).toList();
        }
        return value;
    }

    /** True if {@code uri} carries credentials ({@code scheme://user:secret@host/...}). */
    public static boolean hasUriCredentials(String uri) {
        return uri != null && URI_USER_INFO.matcher(uri).find();
    }

    /** True if a setting of this name holds a credential. */
    public static boolean isSecretKey(String name) {
        return SECRET_KEY_NAME.matcher(name).matches();
    }
}
