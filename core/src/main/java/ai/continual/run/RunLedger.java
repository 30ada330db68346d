package ai.continual.run;

import ai.continual.provenance.VersionManifest;
import ai.continual.store.ModelStore;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What the store says about past runs of a model: a run is keyed by model, partition date and config
 * hash, so a rerun of a committed night can be recognised and answered without training again.
 */
public final class RunLedger {

    private final ModelStore store;
    private final String model;

    public RunLedger(ModelStore store, String model) {
        this.store = store;
        this.model = model;
    }

    /** The newest committed version trained on {@code date} with config {@code configHash}, if any. */
    public Optional<VersionManifest> committedRun(LocalDate date, String configHash) {
        List<Integer> versions = store.versions(model);
        for (int i = versions.size() - 1; i >= 0; i--) {
            VersionManifest manifest = store.manifest(model, versions.get(i));
            if (manifest.summary() != null && date.toString().equals(manifest.summary().date())
                    && configHash.equals(manifest.configHash())) {
                return Optional.of(manifest);
            }
        }
        return Optional.empty();
    }

    /** The partition date of the latest committed version, with that version's manifest. */
    public Optional<VersionManifest> latest() {
        return store.latestVersion(model).map(v -> store.manifest(model, v));
    }
}
