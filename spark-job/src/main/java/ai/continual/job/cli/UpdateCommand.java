package ai.continual.job.cli;

import ai.continual.config.ConfigException;
import ai.continual.config.JobConfig;
import ai.continual.job.NightlyUpdate;
import ai.continual.job.SparkSessions;
import ai.continual.job.plan.UpdatePlan;
import ai.continual.job.plan.LeasedRun;
import ai.continual.job.plan.RunKind;
import ai.continual.job.plan.RunRequest;
import ai.continual.job.runtime.BackendCheck;
import ai.continual.job.UpdateOutcome;
import ai.continual.provenance.RunSummary;
import ai.continual.store.HadoopModelStore;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code update --config FILE --date YYYY-MM-DD}: one nightly update through the pipeline ({@link LeasedRun}:
 * lease, plan, execute); prints the run summary last. A run already committed (same run key) prints its
 * summary and trains nothing unless {@code --force}; {@code --dry-run} prints the plan instead.
 */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Update the model with the partition of one date and commit a new version.")
public final class UpdateCommand implements Callable<Integer> {

    @Mixin
    JobFileOptions jobFile;

    @Option(names = "--date", required = true, description = "Partition date to learn from, YYYY-MM-DD.")
    String date;

    @Option(names = "--force", description = "Train a new version even if this date and config are already"
            + " committed, or the date is older than the latest version's.")
    boolean force;

    @Mixin
    LeaseOption lease;

    @Option(names = "--new-lineage", description = "Build a new network from this config (its architecture keys may"
            + " differ from the stored versions'): the new version has no parent and learns from scratch.")
    boolean newLineage;

    @Option(names = "--dry-run", description = "Validate the data and print the plan (partitions, rows, replay,"
            + " examples to train, store target); train and write nothing.")
    boolean dryRun;

    @Option(names = "--require-gpu", description = "Fail with exit code " + ExitCodes.GPU_UNAVAILABLE
            + " unless the driver and the executors run ND4J on a GPU.")
    boolean requireGpu;

    @Override
    public Integer call() throws Exception {
        LocalDate partition = parseDate(date);
        JobConfig job = jobFile.load();
        BackendCheck.driver(requireGpu);
        // The store (and its lease) come before Spark, so a second concurrent run fails in seconds.
        HadoopModelStore store = new HadoopModelStore(job.store(), HadoopSettings.fromSparkConf());
        LeasedRun.Result result = new LeasedRun(store, store.leases(lease.ttl()), job.modelName()).run(
                new RunRequest(RunKind.UPDATE, partition, force, newLineage), dryRun, () -> {
                    SparkSession spark = SparkSessions.getOrCreate("continual-update-" + job.modelName());
                    BackendCheck.executors(JavaSparkContext.fromSparkContext(spark.sparkContext()), requireGpu);
                    return new NightlyUpdate(spark, job, store);
                });
        if (dryRun) {
            result.plan().describe().forEach(System.out::println);
            System.out.println(HadoopModelStore.json().writer().without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(result.plan()));
            return ExitCodes.OK;
        }
        return report(result);
    }

    /**
     * Says when the run was already committed, prints the run summary as the last stdout line and gate reasons
     * on stderr; the exit code for the outcome.
     */
    static int report(LeasedRun.Result result) throws Exception {
        UpdatePlan plan = result.plan();
        if (plan.isAlreadyCommitted()) {
            System.err.println("continual: " + plan.model() + " " + plan.kind() + " for " + plan.date() + " is already"
                    + " committed as version " + plan.alreadyCommittedAs() + " (run " + plan.runKey() + ");"
                    + " nothing was trained. Pass --force to train a new version.");
        }
        return report(result.outcome().orElseThrow());
    }

    /** Prints the run summary as the last stdout line, gate reasons on stderr; the exit code for the outcome. */
    static int report(UpdateOutcome outcome) throws Exception {
        RunSummary summary = outcome.summary();
        if (outcome.rejected()) {
            System.err.println("REJECTED: version " + summary.version() + " of " + summary.model() + " was written but"
                    + " not promoted; production stays. Reasons:");
            outcome.manifest().rejectionReasons().forEach(r -> System.err.println("  - " + r));
        }
        System.out.println(HadoopModelStore.json().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
        return outcome.rejected() ? ExitCodes.REJECTED : ExitCodes.OK;
    }

    static LocalDate parseDate(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ConfigException("--date '" + value + "' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-27");
        }
    }
}
