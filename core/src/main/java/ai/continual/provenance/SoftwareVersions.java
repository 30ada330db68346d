package ai.continual.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Versions of the job, its libraries, Java and the OS, recorded in every manifest. */
public final class SoftwareVersions {

    private SoftwareVersions() {}

    /** The build's versions (filtered into {@code continual-build.properties}) plus the running JVM's. */
    public static Map<String, String> current() {
        Map<String, String> versions = new LinkedHashMap<>();
        Properties build = new Properties();
        try (InputStream in = SoftwareVersions.class.getResourceAsStream("/continual-build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        build.stringPropertyNames().stream().sorted().forEach(k -> versions.put(k, build.getProperty(k)));
        versions.put("java", System.getProperty("java.version"));
        versions.put("java-vendor", System.getProperty("java.vendor"));
        versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " " + System.getProperty("os.arch"));
        return versions;
    }

    /** The source commit, from {@code -Dcontinual.git.commit} or {@code CONTINUAL_GIT_COMMIT}; null if unknown. */
    public static String gitCommit() {
        String commit = System.getProperty("continual.git.commit");
        if (commit == null || commit.isBlank()) {
            commit = System.getenv("CONTINUAL_GIT_COMMIT");
        }
        return commit == null || commit.isBlank() ? null : commit.trim();
    }
}
