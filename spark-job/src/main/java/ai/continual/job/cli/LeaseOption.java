package ai.continual.job.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code --lease-ttl} option of the commands that write versions through the pipeline. */
public final class LeaseOption {

    @Option(names = "--lease-ttl", defaultValue = "PT2M", description = "How long this run's writer lease outlives"
            + " its last heartbeat if the run dies (ISO-8601, default ${DEFAULT-VALUE}); the run renews it every third"
            + " of that.")
    Duration leaseTtl;

    /** The lease's time to live. */
    public Duration ttl() {
        return leaseTtl;
    }
}
