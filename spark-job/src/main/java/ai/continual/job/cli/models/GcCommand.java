package ai.continual.job.cli.models;

import ai.continual.config.ConfigException;
import ai.continual.job.cli.ExitCodes;
import ai.continual.store.ModelStore;
import ai.continual.store.WriterLease;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code models gc --keep N}: deletes all but the newest N committed versions, never an aliased version or the
 * latest. Quarantined folders are left for the operator (see docs/model-store.md).
 */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = "Delete old versions, keeping the newest N, every aliased version and the latest.")
public final class GcCommand implements Callable<Integer> {

    @Mixin
    StoreAccess access;

    @Option(names = "--keep", required = true, description = "How many of the newest versions to keep (>= 1).")
    int keep;

    @Override
    public Integer call() {
        if (keep < 1) {
            throw new ConfigException("--keep " + keep + " must be at least 1; the latest version is always kept.");
        }
        ModelStore store = access.store();
        String model = access.model();
        try (WriterLease lease = access.writerLease("gc --keep " + keep)) {
            List<Integer> versions = store.versions(model);
            Set<Integer> kept = new HashSet<>(versions.subList(Math.max(0, versions.size() - keep), versions.size()));
            kept.addAll(store.aliases(model).values());
            List<Integer> deleted = new ArrayList<>();
            for (int version : versions) {
                if (!kept.contains(version)) {
                    store.deleteVersion(model, version);
                    deleted.add(version);
                }
            }
            System.out.println("deleted versions " + deleted + ", kept " + store.versions(model));
        }
        return ExitCodes.OK;
    }
}
