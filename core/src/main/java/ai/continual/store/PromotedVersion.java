package ai.continual.store;

import java.util.List;
import java.util.Optional;

/**
 * The production version of a model: the version the {@value #PRODUCTION_ALIAS} alias points at (moved by
 * every promoted update, by {@code models promote} and {@code models rollback}), or, before any alias
 * exists, the newest committed version whose manifest is not marked {@code rejected}. Rejected versions
 * stay in the store for inspection but never serve and never become the parent of the next update.
 */
public final class PromotedVersion {

    private PromotedVersion() {}

    /** The alias that names the serving version. */
    public static final String PRODUCTION_ALIAS = "production";

    /** The production version of {@code model}, if any. */
    public static Optional<Integer> latest(ModelStore store, String model) {
        List<Integer> versions = store.versions(model);
        Optional<Integer> aliased = store.alias(model, PRODUCTION_ALIAS).map(AliasPointer::version)
                .filter(versions::contains);
        if (aliased.isPresent()) {
            return aliased;
        }
        for (int i = versions.size() - 1; i >= 0; i--) {
            int version = versions.get(i);
            if (!store.manifest(model, version).wasRejected()) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }
}
