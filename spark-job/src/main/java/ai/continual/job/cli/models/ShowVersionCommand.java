package ai.continual.job.cli.models;

import ai.continual.job.cli.ExitCodes;
import ai.continual.store.HadoopModelStore;
import ai.continual.store.ModelStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code models show <version>}: the version's manifest (provenance, metrics, config) as JSON. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Print the manifest of one version as JSON.")
public final class ShowVersionCommand implements Callable<Integer> {

    @Mixin
    StoreAccess access;

    @Parameters(index = "0", description = "Version number, or an alias such as production.")
    String version;

    @Override
    public Integer call() throws Exception {
        ModelStore store = access.store();
        int number = VersionRef.resolve(store, access.model(), version);
        System.out.println(HadoopModelStore.json().writeValueAsString(store.manifest(access.model(), number)));
        return ExitCodes.OK;
    }
}
