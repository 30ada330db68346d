package ai.continual.job.cli.models;

import ai.continual.job.cli.ExitCodes;
import ai.continual.store.LeaseRecord;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code models unlock [--force]}: removes the model's writer lease after a crash. Refuses a live lease (renewed
 * within its time-to-live, or held by a running process on this host), naming its holder, unless {@code --force}.
 */
@Command(name = "unlock", mixinStandardHelpOptions = true,
        description = "Remove the writer lease left by a crashed run; refuses a live lease (exit " + ExitCodes.LEASE_HELD
                + ") unless --force.")
public final class UnlockCommand implements Callable<Integer> {

    @Mixin
    StoreAccess access;

    @Option(names = "--force", description = "Remove the lease even if it looks live (only when you are sure its"
            + " holder is not running).")
    boolean force;

    @Override
    public Integer call() {
        access.store();
        Optional<LeaseRecord> removed = access.leases().unlock(access.model(), force);
        System.out.println(removed.map(r -> "removed the lease of " + r.describe())
                .orElse("no lease: '" + access.model() + "' is not locked"));
        return ExitCodes.OK;
    }
}
