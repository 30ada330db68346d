package ai.continual.job.cli;

import ai.continual.config.JobConfig;
import ai.continual.job.NightlyUpdate;
import ai.continual.job.SparkSessions;
import ai.continual.store.HadoopModelStore;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code retrain --config FILE --date YYYY-MM-DD}: trains from scratch on every partition up to the date
 * (the upper-bound baseline) and writes it to the store as a version of kind {@code retrain}.
 */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Train a new version from scratch on every partition up to a date (kind 'retrain').")
public final class RetrainCommand implements Callable<Integer> {

    @Mixin
    JobFileOptions jobFile;

    @Option(names = "--date", required = true, description = "Last partition date to train on, YYYY-MM-DD.")
    String date;

    @Override
    public Integer call() throws Exception {
        LocalDate until = UpdateCommand.parseDate(date);
        JobConfig job = jobFile.load();
        SparkSession spark = SparkSessions.getOrCreate("continual-retrain-" + job.modelName());
        HadoopModelStore store = new HadoopModelStore(job.store(), spark.sparkContext().hadoopConfiguration());
        return UpdateCommand.report(new NightlyUpdate(spark, job, store).retrain(until));
    }
}
