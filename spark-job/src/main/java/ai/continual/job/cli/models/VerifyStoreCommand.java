package ai.continual.job.cli.models;

import ai.continual.job.cli.ExitCodes;
import ai.continual.store.HadoopModelStore;
import ai.continual.store.StoreException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code models verify}: loads every committed version and every alias target, as a server would.
 * Exits 0 only if all load; the crash-safety test runs it after each kill.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Load every committed version and alias target; exit " + ExitCodes.STORE_ERROR + " if one fails.")
public final class VerifyStoreCommand implements Callable<Integer> {

    @Mixin
    StoreAccess access;

    @Override
    public Integer call() {
        HadoopModelStore store = access.store();
        String model = access.model();
        int failures = 0;
        int loaded = 0;
        for (int version : store.versions(model)) {
            try {
                store.load(model, version);
                loaded++;
            } catch (StoreException e) {
                failures++;
                System.out.println("version " + version + ": FAILED " + e.getMessage());
            }
        }
        Map<String, Integer> aliases = store.aliases(model);
        for (Map.Entry<String, Integer> alias : aliases.entrySet()) {
            try {
                store.load(model, alias.getValue());
            } catch (StoreException e) {
                failures++;
                System.out.println("alias " + alias.getKey() + " -> " + alias.getValue() + ": FAILED " + e.getMessage());
            }
        }
        System.out.println("verified " + model + ": " + loaded + " versions loaded, aliases " + aliases
                + ", " + failures + " failures");
        return failures == 0 ? ExitCodes.OK : ExitCodes.STORE_ERROR;
    }
}
