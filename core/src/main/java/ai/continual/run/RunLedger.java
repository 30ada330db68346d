package ai.continual.run;

import ai.continual.config.StaleDateException;
import ai.continual.provenance.VersionManifest;
import ai.continual.store.ModelStore;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What the store says about past runs of a model: a run is known by its run key (what it trained: store,
 * model, kind, date, settings and the partition's files), so a rerun of a committed night is recognised and
 * answered without training again.
 */
public final class RunLedger {

    private final ModelStore store;
    private final String model;

    public RunLedger(ModelStore store, String model) {
        this.store = store;
        this.model = model;
    }

    /** The newest committed version whose manifest records run key {@code runKey}, if any. */
    public Optional<VersionManifest> committedRun(String runKey) {
        List<Integer> versions = store.versions(model);
        for (int i = versions.size() - 1; i >= 0; i--) {
            VersionManifest manifest = store.manifest(model, versions.get(i));
            if (manifest.summary() != null && runKey.equals(manifest.summary().runKey())) {
                return Optional.of(manifest);
            }
        }
        return Optional.empty();
    }

    /**
     * Refuses {@code date} when it is older than the newest version's: learning older data now would rewind
     * the model.
     *
     * @throws StaleDateException naming both dates, the version and the way to force it
     */
    public void refuseOlderThanNewest(LocalDate date, String storeLocation) {
        Optional<VersionManifest> latest = latest();
        if (latest.isPresent() && latest.get().summary() != null) {
            LocalDate latestDate = LocalDate.parse(latest.get().summary().date());
            if (date.isBefore(latestDate)) {
                throw new StaleDateException("--date " + date + " is older than " + latestDate
                        + ", the date of the latest version " + latest.get().version() + " of '" + model
                        + "' in " + storeLocation + ". Learning older data now would rewind the model;"
                        + " pass a date on or after " + latestDate + ", or --force to train on it anyway.");
            }
        }
    }

    /** The partition date of the latest committed version, with that version's manifest. */
    public Optional<VersionManifest> latest() {
        return store.latestVersion(model).map(v -> store.manifest(model, v));
    }
}
