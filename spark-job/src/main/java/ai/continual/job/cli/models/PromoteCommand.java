package ai.continual.job.cli.models;

import ai.continual.job.cli.ExitCodes;
import ai.continual.store.AliasPointer;
import ai.continual.store.ModelStore;
import ai.continual.store.WriterLease;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code models promote <version> [--alias NAME]}: points an alias at a version after checking it loads. */
@Command(name = "promote", mixinStandardHelpOptions = true, description = "Point an alias (default production) at a version.")
public final class PromoteCommand implements Callable<Integer> {

    @Mixin
    StoreAccess access;

    @Parameters(index = "0", description = "Version number, 'latest', or another alias.")
    String version;

    @Option(names = "--alias", defaultValue = "production", description = "Alias to move (default ${DEFAULT-VALUE}).")
    String alias;

    @Override
    public Integer call() {
        ModelStore store = access.store();
        String model = access.model();
        try (WriterLease lease = access.writerLease("promote " + version + " to " + alias)) {
            int number = VersionRef.resolve(store, model, version);
            store.load(model, number); // a damaged version is never promoted
            AliasPointer pointer = store.moveAlias(model, alias, number, "promote", lease.record().owner());
            System.out.println(alias + " -> version " + pointer.version());
        }
        return ExitCodes.OK;
    }
}
