package ai.continual.job.cli;

import ai.continual.config.JobConfig;
import ai.continual.config.JobConfigLoader;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --config FILE [--set key=value ...]} options every job command shares, and loading them. */
public final class JobFileOptions {

    @Option(names = "--config", required = true, description = "HOCON job file (see conf/).")
    File config;

    @Option(names = "--set", description = "Override a config key, e.g. --set training.epochs=3 (repeatable).")
    List<String> overrides = new ArrayList<>();

    /** The validated job config: the file with the overrides laid over it. */
    public JobConfig load() {
        return JobConfigLoader.load(config, overrides);
    }
}
