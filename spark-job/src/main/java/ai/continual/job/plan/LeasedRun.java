package ai.continual.job.plan;

import ai.continual.fault.CrashPoints;
import ai.continual.job.NightlyUpdate;
import ai.continual.job.UpdateOutcome;
import ai.continual.store.LeaseHeldException;
import ai.continual.store.LeaseRecord;
import ai.continual.store.ModelStore;
import ai.continual.store.WriterLease;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every command runs the pipeline: under the model's single-writer lease, first clear what crashed runs
 * left behind, then {@link NightlyUpdate#plan plan} and {@link NightlyUpdate#execute execute}. A dry run takes
 * the same path up to the plan and writes nothing: it takes no lease, but fails like the real run (exit 7)
 * while a live lease is held, since the store is changing under it.
 */
public final class LeasedRun {

    private static final Logger LOG = LoggerFactory.getLogger(LeasedRun.class);

    /**
     * What the run did.
     *
     * @param outcome the committed (or already committed) version; empty for a dry run
     * @param removedAttempts version folders of crashed attempts that were cleared
     */
    public record Result(UpdatePlan plan, Optional<UpdateOutcome> outcome, List<Integer> removedAttempts) {}

    private final ModelStore store;
    private final String model;
    private final Duration leaseTtl;

    public LeasedRun(ModelStore store, String model, Duration leaseTtl) {
        this.store = store;
        this.model = model;
        this.leaseTtl = leaseTtl;
    }

    /**
     * Plans {@code request} and, unless {@code dryRun}, executes it, all under the lease.
     *
     * @param pipeline makes the pipeline once the lease is held (so Spark starts only after a held lease failed
     *     fast)
     */
    public Result run(RunRequest request, boolean dryRun, Supplier<NightlyUpdate> pipeline) {
        String purpose = request.kind().label() + " " + request.date();
        if (dryRun) {
            refuseLiveLease();
            UpdatePlan plan = pipeline.get().plan(request).plan();
            return new Result(plan, Optional.empty(), List.of());
        }
        try (WriterLease lease = store.acquireLease(model, purpose, leaseTtl)) {
            List<Integer> removed = store.removeUncommitted(model);
            CrashPoints.reach("update.lease-held");
            NightlyUpdate update = pipeline.get();
            NightlyUpdate.Planned planned = update.plan(request);
            UpdateOutcome outcome = update.execute(planned);
            CrashPoints.reach("update.before-release");
            return new Result(planned.plan(), Optional.of(outcome), removed);
        }
    }

    private void refuseLiveLease() {
        Optional<LeaseRecord> lease = store.lease(model);
        if (lease.isPresent() && !lease.get().expiredAt(Instant.now())) {
            LOG.info("Lease of {} held: {}", model, lease.get());
            throw new LeaseHeldException("'" + model + "' in " + store.location() + " is being written by "
                    + lease.get().owner() + " (" + lease.get().purpose() + ", since " + lease.get().startedAt()
                    + "); a dry run now would plan against a store that is changing. Run it after that run ends.");
        }
    }
}
