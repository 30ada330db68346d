package ai.continual.job.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code --lease-ttl} option of the commands that write versions through the pipeline. */
public final class LeaseOption {

    @Option(names = "--lease-ttl", defaultValue = "PT6H", description = "How long this run's writer lease holds"
            + " if the run dies without releasing it (ISO-8601, default ${DEFAULT-VALUE}); must exceed the longest run.")
    Duration leaseTtl;

    /** The lease's time to live. */
    public Duration ttl() {
        return leaseTtl;
    }
}
