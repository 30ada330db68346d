package ai.continual.run;

import ai.continual.config.StaleDateException;
import ai.continual.fault.CrashPoints;
import ai.continual.provenance.RunSummary;
import ai.continual.provenance.VersionManifest;
import ai.continual.store.AliasMove;
import ai.continual.store.LeaseManager;
import ai.continual.store.ModelStore;
import ai.continual.store.WriterLease;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules around one nightly update that make unattended reruns safe: one writer per model (the
 * store's lease), leftovers of crashed runs cleaned, a night that already committed answered from the
 * store instead of trained again, and a date older than the model's latest refused unless forced.
 */
public final class GuardedUpdate {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedUpdate.class);

    /**
     * What the guarded run did.
     *
     * @param reused true when the night had already been committed and nothing was trained
     */
    public record Outcome(RunSummary summary, boolean reused, List<AliasMove> rolledForward) {}

    private final ModelStore store;
    private final LeaseManager leases;
    private final String model;

    public GuardedUpdate(ModelStore store, LeaseManager leases, String model) {
        this.store = store;
        this.leases = leases;
        this.model = model;
    }

    /**
     * Runs {@code train} for {@code date} under the model's lease, unless the store already holds this
     * run. With {@code force} the idempotency and date checks are skipped and a new version is trained.
     */
    public Outcome run(LocalDate date, String configHash, boolean force, Supplier<RunSummary> train) {
        try (WriterLease lease = leases.acquire(model, "update " + date)) {
            List<AliasMove> removed = store.rollForward(model);
            RunLedger ledger = new RunLedger(store, model);
            if (!force) {
                Optional<VersionManifest> done = ledger.committedRun(date, configHash);
                if (done.isPresent()) {
                    LOG.info("{} for {} with config {} is already committed as version {}; nothing to train"
                            + " (pass --force for a new version)", model, date, configHash, done.get().version());
                    return new Outcome(done.get().summary(), true, removed);
                }
                Optional<VersionManifest> latest = ledger.latest();
                if (latest.isPresent() && latest.get().summary() != null) {
                    LocalDate latestDate = LocalDate.parse(latest.get().summary().date());
                    if (date.isBefore(latestDate)) {
                        throw new StaleDateException("--date " + date + " is older than " + latestDate
                                + ", the date of the latest version " + latest.get().version() + " of '" + model
                                + "' in " + store.location() + ". Learning older data now would rewind the model;"
                                + " pass a date on or after " + latestDate + ", or --force to train on it anyway.");
                    }
                }
            }
            CrashPoints.reach("update.lease-held");
            RunSummary summary = train.get();
            CrashPoints.reach("update.before-release");
            return new Outcome(summary, false, removed);
        }
    }
}
