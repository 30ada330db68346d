package ai.continual.job.cli.models;

import ai.continual.config.JobConfig;
import ai.continual.config.JobConfigLoader;
import ai.continual.job.cli.HadoopSettings;
import ai.continual.store.AliasMove;
import ai.continual.store.HadoopLeaseManager;
import ai.continual.store.HadoopModelStore;
import ai.continual.store.LeaseManager;
import ai.continual.store.ModelStore;
import ai.continual.store.StoreException;
import ai.continual.store.WriterLease;
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

    @Option(names = "--lease-ttl", defaultValue = "PT2M", description = "How long the writer lease taken while"
            + " changing the store outlives this command's last heartbeat (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration leaseTtl = HadoopLeaseManager.DEFAULT_TTL;

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

    private HadoopModelStore hadoopStore() {
        if (store == null) {
            store = new HadoopModelStore(job().store(), HadoopSettings.fromSparkConf());
        }
        return store;
    }

    /** The store, which must already hold the model: a mistyped store or model name is an error, not an empty list. */
    ModelStore store() {
        ModelStore opened = hadoopStore();
        if (!opened.hasModel(model())) {
            throw new StoreException("There is no model '" + model() + "' in the store " + opened.location()
                    + " (its folder does not exist). Check 'store' and 'model-name' in " + config + ".");
        }
        return opened;
    }

    LeaseManager leases() {
        return hadoopStore().leases(leaseTtl);
    }

    /**
     * Takes the model's writer lease for {@code purpose} and brings the store to a consistent state (quarantine,
     * pending alias moves) before the command changes anything; the moves completed are printed on stderr.
     */
    WriterLease writerLease(String purpose) {
        ModelStore models = store();
        WriterLease lease = leases().acquire(model(), purpose);
        try {
            for (AliasMove move : models.rollForward(model())) {
                System.err.println("completed the interrupted promotion: " + move.alias() + " -> version "
                        + move.version() + " (was " + (move.from() == null ? "unset" : move.from()) + ")");
            }
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        return lease;
    }
}
