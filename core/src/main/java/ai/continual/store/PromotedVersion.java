package ai.continual.store;

import ai.continual.provenance.VersionManifest;
import java.util.List;
import java.util.Optional;

/**
 * The production version of a model: the version the {@value #PRODUCTION_ALIAS} alias points at (moved by every
 * promoted update, by {@code models promote} and {@code models rollback}), or, in a store that never had that alias,
 * the newest committed version whose manifest is not marked {@code rejected}. Rejected versions stay in the store for
 * inspection but never serve and never become the parent of the next update.
 *
 * <p>Never guesses: an alias that points at a version that is not committed, or a version committed for production
 * whose alias move is still pending (call {@link ModelStore#rollForward} first), is an error naming the fix.
 */
public final class PromotedVersion {

    private PromotedVersion() {}

    /** The alias that names the serving version. */
    public static final String PRODUCTION_ALIAS = "production";

    /** The production version of {@code model}, if any. */
    public static Optional<Integer> latest(ModelStore store, String model) {
        List<Integer> versions = store.versions(model);
        Optional<AliasPointer> alias = store.alias(model, PRODUCTION_ALIAS);
        if (alias.isPresent() && !versions.contains(alias.get().version())) {
            throw new StoreException("The '" + PRODUCTION_ALIAS + "' alias of '" + model + "' in " + store.location()
                    + " points at version " + alias.get().version() + ", which is not committed (its folder or manifest"
                    + " is missing; see 'models verify' for quarantined folders). Restore that version, or point the"
                    + " alias at a committed one with 'models promote <version>' or 'models rollback'. Committed: "
                    + versions + ".");
        }
        pendingPromotion(store, model).ifPresent(v -> {
            throw new StoreException("Version " + v + " of '" + model + "' was committed to become '"
                    + PRODUCTION_ALIAS + "' but the alias was not moved yet. Run 'models repair' (every run does"
                    + " it first while holding the lease) to complete the move.");
        });
        if (alias.isPresent()) {
            return Optional.of(alias.get().version());
        }
        for (int i = versions.size() - 1; i >= 0; i--) {
            int version = versions.get(i);
            if (!store.manifest(model, version).wasRejected()) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }

    /**
     * The newest version committed with the intent to become production whose alias move has not happened yet
     * (a crash or a failed alias write after its commit): the version {@link ModelStore#rollForward} will promote.
     */
    public static Optional<Integer> pendingPromotion(ModelStore store, String model) {
        List<Integer> versions = store.versions(model);
        int newestOnAlias = store.alias(model, PRODUCTION_ALIAS).map(a -> a.history().stream()
                .mapToInt(AliasPointer.Change::version).max().orElse(0)).orElse(0);
        for (int i = versions.size() - 1; i >= 0 && versions.get(i) > newestOnAlias; i--) {
            VersionManifest m = store.manifest(model, versions.get(i));
            if (PRODUCTION_ALIAS.equals(m.promoteTo()) && !m.wasRejected()) {
                return Optional.of(m.version());
            }
        }
        return Optional.empty();
    }
}
