package ai.continual.job.cli.models;

import ai.continual.config.ConfigException;
import ai.continual.store.AliasPointer;
import ai.continual.store.ModelStore;

/** Turns a version argument (a number, {@code latest}, or an alias name) into a version number. */
final class VersionRef {

    private VersionRef() {}

    static int resolve(ModelStore store, String model, String ref) {
        if (ref.matches("\\d+")) {
            return Integer.parseInt(ref);
        }
        if (ref.equals("latest")) {
            return store.latestVersion(model).orElseThrow(() -> new ConfigException("Model '" + model
                    + "' has no committed version in " + store.location() + "."));
        }
        return store.alias(model, ref).map(AliasPointer::version).orElseThrow(() -> new ConfigException(
                "'" + ref + "' is neither a version number, 'latest', nor an alias of '" + model + "'; aliases: "
                        + store.aliases(model).keySet() + "."));
    }
}
