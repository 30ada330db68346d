package ai.continual.job.cli;

import ai.continual.config.JobConfig;
import ai.continual.job.NightlyUpdate;
import ai.continual.job.SparkSessions;
import ai.continual.job.plan.LeasedRun;
import ai.continual.job.plan.RunKind;
import ai.continual.job.plan.RunRequest;
import ai.continual.store.HadoopModelStore;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code retrain --config FILE --date YYYY-MM-DD}: trains from scratch on every partition up to the date
 * (the upper-bound baseline) and writes it to the store as a version of kind {@code retrain}, through the
 * pipeline under the lease; the gate decides whether production moves to it (exit 5 when it does not).
 */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Train a new version from scratch on every partition up to a date (kind 'retrain').")
public final class RetrainCommand implements Callable<Integer> {

    @Mixin
    JobFileOptions jobFile;

    @Option(names = "--date", required = true, description = "Last partition date to train on, YYYY-MM-DD.")
    String date;

    @Option(names = "--force", description = "Retrain even if this date and config are already committed as a"
            + " retrain, or the date is older than the latest version's.")
    boolean force;

    @Mixin
    LeaseOption lease;

    @Override
    public Integer call() throws Exception {
        LocalDate until = UpdateCommand.parseDate(date);
        JobConfig job = jobFile.load();
        HadoopModelStore store = new HadoopModelStore(job.store(), HadoopSettings.fromSparkConf());
        LeasedRun.Result result = new LeasedRun(store, store.leases(lease.ttl()), job.modelName()).run(
                new RunRequest(RunKind.RETRAIN, until, force, false), false, () -> new NightlyUpdate(
                        SparkSessions.getOrCreate("continual-retrain-" + job.modelName()), job, store));
        return UpdateCommand.report(result);
    }
}
