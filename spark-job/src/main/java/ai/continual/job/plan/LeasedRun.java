package ai.continual.job.plan;

import ai.continual.fault.CrashPoints;
import ai.continual.job.NightlyUpdate;
import ai.continual.job.UpdateOutcome;
import ai.continual.store.AliasMove;
import ai.continual.store.LeaseManager;
import ai.continual.store.ModelStore;
import ai.continual.store.WriterLease;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every command runs the pipeline: take the model's single-writer lease, bring the store to a consistent
 * state ({@link ModelStore#rollForward}: quarantine crashed attempts, complete an interrupted promotion), then
 * {@link NightlyUpdate#plan plan} and {@link NightlyUpdate#execute execute}. A dry run takes the same path up to
 * the plan, so it fails where the run would (exit 7 while another writer holds the lease), but it changes nothing
 * in the store: it does not roll forward, and its plan reads production as a roll-forward would leave it.
 */
public final class LeasedRun {

    private static final Logger LOG = LoggerFactory.getLogger(LeasedRun.class);

    /**
     * What the run did.
     *
     * @param outcome the committed (or already committed) version; empty for a dry run
     * @param rolledForward alias moves of earlier, interrupted runs that this run completed first
     */
    public record Result(UpdatePlan plan, Optional<UpdateOutcome> outcome, List<AliasMove> rolledForward) {}

    private final ModelStore store;
    private final LeaseManager leases;
    private final String model;

    public LeasedRun(ModelStore store, LeaseManager leases, String model) {
        this.store = store;
        this.leases = leases;
        this.model = model;
    }

    /**
     * Plans {@code request} and, unless {@code dryRun}, executes it, all under the lease.
     *
     * @param pipeline makes the pipeline once the lease is held (so Spark starts only after a held lease failed
     *     fast)
     */
    public Result run(RunRequest request, boolean dryRun, Supplier<NightlyUpdate> pipeline) {
        String purpose = (dryRun ? "dry run of " : "") + request.kind().label() + " " + request.date();
        try (WriterLease lease = leases.acquire(model, purpose)) {
            if (dryRun) {
                try (NightlyUpdate.Planned planned = pipeline.get().plan(request)) {
                    return new Result(planned.plan(), Optional.empty(), List.of());
                }
            }
            List<AliasMove> rolled = store.rollForward(model);
            if (!rolled.isEmpty()) {
                LOG.warn("Completed the interrupted promotion(s) of '{}' before this run: {}", model, rolled);
            }
            CrashPoints.reach("update.lease-held");
            NightlyUpdate update = pipeline.get();
            NightlyUpdate.Planned planned = update.plan(request);
            UpdateOutcome outcome = update.execute(planned, lease::ensureHeld);
            CrashPoints.reach("update.before-release");
            return new Result(planned.plan(), Optional.of(outcome), rolled);
        }
    }
}
