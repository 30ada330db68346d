package ai.continual.job.cli.models;

import ai.continual.job.cli.ExitCodes;
import ai.continual.provenance.VersionManifest;
import ai.continual.store.ModelStore;
import ai.continual.store.QuarantinedVersion;
import ai.continual.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code models list}: one line per committed version with its date, parent, kind and aliases. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the committed versions of the model.")
public final class ListVersionsCommand implements Callable<Integer> {

    @Mixin
    StoreAccess access;

    @Override
    public Integer call() {
        ModelStore store = access.store();
        String model = access.model();
        Map<String, Integer> aliases = store.aliases(model);
        System.out.printf("%-8s %-10s %-7s %-8s %-16s %-24s %s%n", "version", "date", "kind", "parent", "config",
                "created", "aliases");
        for (int version : store.versions(model)) {
            List<String> names = new ArrayList<>();
            aliases.forEach((alias, target) -> {
                if (target == version) {
                    names.add(alias);
                }
            });
            String line;
            try {
                VersionManifest m = store.manifest(model, version);
                line = String.format("%-8d %-10s %-7s %-8s %-16s %-24s %s", version,
                        m.summary() == null ? "?" : m.summary().date(), m.kind(),
                        m.parentVersion() == null ? "-" : m.parentVersion(), m.configHash(), m.createdAt(),
                        String.join(",", names));
            } catch (StoreException e) {
                line = String.format("%-8d UNREADABLE: %s", version, e.getMessage());
            }
            System.out.println(line);
        }
        for (QuarantinedVersion q : store.quarantined(model)) {
            System.out.println("quarantined version folder " + q.version() + " at " + q.folder() + ": " + q.reason());
        }
        return ExitCodes.OK;
    }
}
