package ai.continual.job.cli.models;

import ai.continual.config.ConfigException;
import ai.continual.job.cli.ExitCodes;
import ai.continual.store.AliasPointer;
import ai.continual.store.ModelStore;
import ai.continual.store.WriterLease;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code models rollback [--alias NAME]}: moves an alias back to the version it was promoted from. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Move an alias (default production) back to the version it pointed at before its last promotion.")
public final class RollbackCommand implements Callable<Integer> {

    @Mixin
    StoreAccess access;

    @Option(names = "--alias", defaultValue = "production", description = "Alias to roll back (default ${DEFAULT-VALUE}).")
    String alias;

    @Override
    public Integer call() {
        ModelStore store = access.store();
        String model = access.model();
        try (WriterLease lease = access.writerLease("rollback " + alias)) {
            AliasPointer pointer = store.alias(model, alias).orElseThrow(() -> new ConfigException("Model '" + model
                    + "' has no alias '" + alias + "'; aliases: " + store.aliases(model).keySet() + "."));
            List<Integer> stack = pointer.stack();
            if (stack.size() < 2) {
                throw new ConfigException("Alias '" + alias + "' of '" + model + "' has no earlier promotion to roll"
                        + " back to (history: " + stack + "); use 'models promote <version>' instead.");
            }
            int target = stack.get(stack.size() - 2);
            store.load(model, target);
            AliasPointer moved = store.moveAlias(model, alias, target, "rollback", lease.record().owner());
            System.out.println(alias + " -> version " + moved.version() + " (was " + pointer.version() + ")");
        }
        return ExitCodes.OK;
    }
}
