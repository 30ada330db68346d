package ai.continual.store;

import ai.continual.provenance.StoredArtifact;
import ai.continual.provenance.VersionManifest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ModelStore} for tests that wraps a real one and can be told to fail its next N writes ({@link #begin},
 * {@link #commit}, {@link #rollForward}, {@link #moveAlias}, {@link #deleteVersion}) with a {@link StoreException},
 * as an unwritable or flaky store would, before the write touches anything. Reads always pass through.
 */
public final class FaultInjectingModelStore implements ModelStore {

    private final ModelStore delegate;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    public FaultInjectingModelStore(ModelStore delegate) {
        this.delegate = delegate;
    }

    /** Makes the next {@code n} writes fail. */
    public FaultInjectingModelStore failNextWrites(int n) {
        failures.set(n);
        return this;
    }

    /** Writes failed so far. */
    public int failedWrites() {
        return failed.get();
    }

    private void write(String operation) {
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            failed.incrementAndGet();
            throw new StoreException("Injected failure of " + operation + " on " + delegate.location()
                    + " (FaultInjectingModelStore)");
        }
    }

    @Override
    public String location() {
        return delegate.location();
    }

    @Override
    public boolean hasModel(String model) {
        return delegate.hasModel(model);
    }

    @Override
    public List<Integer> versions(String model) {
        return delegate.versions(model);
    }

    @Override
    public int nextVersion(String model) {
        return delegate.nextVersion(model);
    }

    @Override
    public VersionManifest manifest(String model, int version) {
        return delegate.manifest(model, version);
    }

    @Override
    public StoredModel load(String model, int version) {
        return delegate.load(model, version);
    }

    @Override
    public PendingVersion begin(String model) {
        write("begin");
        return delegate.begin(model);
    }

    @Override
    public VersionManifest commit(PendingVersion pending, StoredModel model, Optional<String> promoteTo) {
        write("commit");
        return delegate.commit(pending, model, promoteTo);
    }

    @Override
    public List<AliasMove> rollForward(String model) {
        write("rollForward");
        return delegate.rollForward(model);
    }

    @Override
    public List<QuarantinedVersion> quarantined(String model) {
        return delegate.quarantined(model);
    }

    @Override
    public String artifactLocation(VersionManifest version, StoredArtifact artifact) {
        return delegate.artifactLocation(version, artifact);
    }

    @Override
    public Optional<AliasPointer> alias(String model, String alias) {
        return delegate.alias(model, alias);
    }

    @Override
    public Map<String, Integer> aliases(String model) {
        return delegate.aliases(model);
    }

    @Override
    public AliasPointer moveAlias(String model, String alias, int version, String action, String by) {
        write("moveAlias");
        return delegate.moveAlias(model, alias, version, action, by);
    }

    @Override
    public void deleteVersion(String model, int version) {
        write("deleteVersion");
        delegate.deleteVersion(model, version);
    }
}
