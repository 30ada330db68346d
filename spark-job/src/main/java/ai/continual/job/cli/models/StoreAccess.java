package ai.continual.job.cli.models;

import ai.continual.config.JobConfig;
import ai.continual.config.JobConfigLoader;
import ai.continual.job.cli.HadoopSettings;
import ai.continual.store.HadoopModelStore;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every {@code models} subcommand shares: which job file names the model and its store. */
public final class StoreAccess {

    @Option(names = "--config", required = true, description = "HOCON job file naming model-name and store.")
    File config;

    @Option(names = "--set", description = "Override a config key, e.g. --set store=hdfs://nn/models (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--lease-ttl", defaultValue = "PT10M", description = "Lease held while changing the store"
            + " (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration leaseTtl;

    private JobConfig job;
    private HadoopModelStore store;

    JobConfig job() {
        if (job == null) {
            job = JobConfigLoader.load(config, overrides);
        }
        return job;
    }

    String model() {
        return job().modelName();
    }

    HadoopModelStore store() {
        if (store == null) {
            store = new HadoopModelStore(job().store(), HadoopSettings.fromSparkConf());
        }
        return store;
    }

    Duration leaseTtl() {
        return leaseTtl;
    }
}
