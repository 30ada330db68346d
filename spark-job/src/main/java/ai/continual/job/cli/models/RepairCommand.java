package ai.continual.job.cli.models;

import ai.continual.job.cli.ExitCodes;
import ai.continual.store.QuarantinedVersion;
import ai.continual.store.WriterLease;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code models repair}: under the writer lease, does what every run does first: moves version folders without a
 * valid manifest aside into quarantine (deleting nothing) and completes alias moves that a crash left undone.
 */
@Command(name = "repair", mixinStandardHelpOptions = true,
        description = "Quarantine version folders without a valid manifest and complete interrupted promotions"
                + " (what every run does first).")
public final class RepairCommand implements Callable<Integer> {

    @Mixin
    StoreAccess access;

    @Override
    public Integer call() {
        String model = access.model();
        List<QuarantinedVersion> before = access.store().quarantined(model);
        try (WriterLease lease = access.writerLease("repair")) {
            List<QuarantinedVersion> after = access.store().quarantined(model);
            after.stream().filter(q -> !before.contains(q)).forEach(q -> System.out.println("quarantined version"
                    + " folder " + q.version() + " at " + q.folder() + ": " + q.reason()));
            System.out.println("repaired " + model + ": aliases " + access.store().aliases(model) + ", "
                    + (after.size() - before.size()) + " folders moved to quarantine, " + after.size() + " in total");
        }
        return ExitCodes.OK;
    }
}
