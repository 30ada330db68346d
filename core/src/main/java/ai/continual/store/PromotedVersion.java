package ai.continual.store;

import java.util.List;
import java.util.Optional;

/**
 * The production version of a model as the promotion gate leaves it: the newest committed version whose
 * manifest is not marked {@code rejected}. Rejected versions stay in the store for inspection but never
 * serve and never become the parent of the next update, so a rejection leaves this pointer where it was.
 */
public final class PromotedVersion {

    private PromotedVersion() {}

    /** The newest non-rejected version of {@code model}, if any. */
    public static Optional<Integer> latest(ModelStore store, String model) {
        List<Integer> versions = store.versions(model);
        for (int i = versions.size() - 1; i >= 0; i--) {
            int version = versions.get(i);
            if (!store.manifest(model, version).wasRejected()) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }
}
