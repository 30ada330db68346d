package ai.continual.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is generated from continual-defaults.conf: every key, its default and the comment the
 * file has. This test fails when a key of the file is missing from the page, when the page names a key that
 * does not exist, or when a default or comment changed since the page was written. To rewrite the page:
 * {@code mvn -B -q -pl core test -Dtest=ConfigurationReferenceTest -Dconfig-reference.write=true}.
 */
class ConfigurationReferenceTest {

    static final Path PAGE = Path.of("../docs/configuration.md");
    static final String REWRITE = "mvn -B -q -pl core test -Dtest=ConfigurationReferenceTest"
            + " -Dconfig-reference.write=true";
    private static final Pattern ROW_KEY = Pattern.compile("(?m)^\\| `([a-z0-9.-]+)` \\|");

    @Test
    void pageListsExactlyTheKeysOfTheDefaultsFileWithTheirDefaultsAndComments() throws IOException {
        String generated = render(JobConfigLoader.defaults());
        if (Boolean.getBoolean("config-reference.write")) {
            Files.writeString(PAGE, generated, StandardCharsets.UTF_8);
        }
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        Set<String> fileKeys = DefaultsFile.keys(JobConfigLoader.defaults()).stream().map(DefaultsFile.Key::path)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> pageKeys = keysOf(page);
        assertThat(fileKeys).as("keys of continual-defaults.conf missing from %s (rewrite it: %s)", PAGE, REWRITE)
                .isSubsetOf(pageKeys);
        assertThat(pageKeys).as("keys named in %s that continual-defaults.conf does not have (rewrite it: %s)",
                PAGE, REWRITE).isSubsetOf(fileKeys);
        assertThat(page).as("%s is out of date with continual-defaults.conf; rewrite it: %s", PAGE, REWRITE)
                .isEqualTo(generated);
    }

    @Test
    void theCheckSeesAMissingAndAnUnknownKey() {
        String page = render(JobConfigLoader.defaults());
        String withoutSeed = page.replaceAll("(?m)^\\| `seed` \\|.*\\n", "");
        String withTypo = page.replace("| `seed` |", "| `sead` |");
        assertThat(keysOf(withoutSeed)).doesNotContain("seed").contains("store");
        assertThat(keysOf(withTypo)).contains("sead").doesNotContain("seed");
    }

    static Set<String> keysOf(String page) {
        Set<String> keys = new LinkedHashSet<>();
        Matcher m = ROW_KEY.matcher(page);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    /** The page: an introduction, then one table per block of the file (top-level keys first). */
    static String render(Config defaults) {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n")
                .append("<!-- Generated from core/src/main/resources/continual-defaults.conf by ConfigurationReferenceTest;\n")
                .append("     do not edit by hand. Rewrite: ").append(REWRITE).append(" -->\n\n")
                .append("One HOCON file per model (see `conf/`) is laid over the defaults in\n")
                .append("[`core/src/main/resources/continual-defaults.conf`](../core/src/main/resources/continual-defaults.conf),\n")
                .append("and `--set key=value` on the command line overrides any key (HOCON value syntax). The whole config is\n")
                .append("validated before any work starts: an unknown key is a typo, and the error names it, the closest valid\n")
                .append("key and every valid key at that level; a bad value names the key, the value and what is allowed.\n")
                .append("The effective config (defaults included) is recorded in every version's manifest, and its hash\n")
                .append("keys reruns. `null` means no default: the key is optional, or required where its comment says so.\n");
        String section = null;
        int topLevelRuns = 0;
        for (DefaultsFile.Key key : DefaultsFile.keys(defaults)) {
            String top = key.path().contains(".") ? key.path().substring(0, key.path().indexOf('.')) : "";
            if (!top.equals(section)) {
                section = top;
                String heading = !top.isEmpty() ? "`" + top + " { }`" : topLevelRuns++ == 0 ? "Top level" : "`" + key.path() + "`";
                out.append("\n## ").append(heading).append("\n\n");
                if (!top.isEmpty()) {
                    String intro = oneParagraph(DefaultsFile.comment(defaults, top));
                    if (!intro.isEmpty()) {
                        out.append(intro).append("\n\n");
                    }
                }
                out.append("| key | default | meaning (the defaults file's comment) |\n|---|---|---|\n");
            }
            out.append("| `").append(key.path()).append("` | ").append(defaultText(key)).append(" | ")
                    .append(cell(key.comment())).append(" |\n");
        }
        return out.toString();
    }

    private static String defaultText(DefaultsFile.Key key) {
        return key.text() == null ? "null" : "`" + key.text().replace("|", "\\|") + "`";
    }

    /** Comment lines in one table cell: indented lines (lists, aligned tables) keep their line breaks. */
    private static String cell(List<String> comment) {
        List<String> parts = new ArrayList<>();
        boolean previousIndented = false;
        for (String line : comment) {
            String text = line.strip().replaceAll("\\s{2,}", " ").replace("|", "\\|");
            if (text.isEmpty()) {
                continue;
            }
            boolean indented = line.startsWith("   ");
            parts.add(parts.isEmpty() ? text : (indented || previousIndented ? "<br>" : " ") + text);
            previousIndented = indented;
        }
        return String.join("", parts);
    }

    private static String oneParagraph(List<String> comment) {
        List<String> lines = new ArrayList<>();
        for (String line : comment) {
            String text = line.strip();
            if (!text.isEmpty()) {
                lines.add(line.startsWith("   ") ? "\n  " + text : text);
            }
        }
        return String.join(" ", lines).replace(" \n", "\n");
    }
}
