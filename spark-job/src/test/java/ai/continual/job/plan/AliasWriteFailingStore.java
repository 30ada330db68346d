package ai.continual.job.plan;

import ai.continual.provenance.StoredArtifact;
import ai.continual.provenance.VersionManifest;
import ai.continual.store.AliasMove;
import ai.continual.store.AliasPointer;
import ai.continual.store.HadoopModelStore;
import ai.continual.store.ModelStore;
import ai.continual.store.PendingVersion;
import ai.continual.store.QuarantinedVersion;
import ai.continual.store.StoreException;
import ai.continual.store.StoredModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A real {@link HadoopModelStore} whose next N alias moves made by a commit fail after the version's manifest is
 * written: the alias file is put back as it was and the commit throws, which leaves the store exactly as a failed
 * alias write (or a crash at {@code commit.after-manifest}) does.
 */
final class AliasWriteFailingStore implements ModelStore {

    private final HadoopModelStore delegate;
    private final String root;
    private final Configuration conf;
    private int failures;

    AliasWriteFailingStore(String root, Configuration conf) {
        this.delegate = new HadoopModelStore(root, conf);
        this.root = root;
        this.conf = conf;
    }

    /** The next {@code count} commits with an alias intent fail to move the alias. */
    void failNextAliasWrites(int count) {
        failures = count;
    }

    @Override
    public VersionManifest commit(PendingVersion pending, StoredModel model, Optional<String> promoteTo) {
        if (promoteTo.isEmpty() || failures == 0) {
            return delegate.commit(pending, model, promoteTo);
        }
        failures--;
        Path alias = new Path(root + "/" + pending.model() + "/aliases/" + promoteTo.get() + ".json");
        try {
            FileSystem fs = alias.getFileSystem(conf);
            byte[] before = null;
            if (fs.exists(alias)) {
                try (InputStream in = fs.open(alias)) {
                    before = in.readAllBytes();
                }
            }
            delegate.commit(pending, model, promoteTo);
            if (before == null) {
                fs.delete(alias, false);
            } else {
                try (OutputStream out = fs.create(alias, true)) {
                    out.write(before);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new StoreException("Injected fault: cannot write alias " + alias + " after committing version "
                + pending.version());
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
    public VersionManifest manifest(String model, int version) {
        return delegate.manifest(model, version);
    }

    @Override
    public StoredModel load(String model, int version) {
        return delegate.load(model, version);
    }

    @Override
    public PendingVersion begin(String model) {
        return delegate.begin(model);
    }

    @Override
    public int nextVersion(String model) {
        return delegate.nextVersion(model);
    }

    @Override
    public List<AliasMove> rollForward(String model) {
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
        return delegate.moveAlias(model, alias, version, action, by);
    }

    @Override
    public void deleteVersion(String model, int version) {
        delegate.deleteVersion(model, version);
    }

    /** The wrapped store's leases. */
    ai.continual.store.LeaseManager leases(java.time.Duration ttl) {
        return delegate.leases(ttl);
    }
}
