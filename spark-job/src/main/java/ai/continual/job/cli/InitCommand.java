package ai.continual.job.cli;

import ai.continual.config.JobConfig;
import ai.continual.job.NightlyUpdate;
import ai.continual.job.SparkSessions;
import ai.continual.model.ModelImporter;
import ai.continual.job.plan.LeasedRun;
import ai.continual.job.plan.RunKind;
import ai.continual.job.plan.RunRequest;
import ai.continual.store.HadoopModelStore;
import java.io.File;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code init --config FILE --from MODEL --date YYYY-MM-DD}: version 1 from an existing DL4J zip or Keras
 * .h5 model instead of from config; its fixed part (model.frozen-layers) is frozen from the start, it is
 * fitted on the partition of {@code --date} like any version 1, and its manifest records the source file.
 * It runs through the pipeline under the lease like an update: promoted when the gate passes it, exit 5 when
 * the gate rejects it.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Make version 1 from an existing DL4J model zip or Keras .h5 file, trained on one partition.")
public final class InitCommand implements Callable<Integer> {

    @Mixin
    JobFileOptions jobFile;

    @Option(names = "--from", required = true, description = "DL4J model zip or Keras (HDF5) model file.")
    File from;

    @Option(names = "--date", required = true, description = "Partition date version 1 learns from, YYYY-MM-DD.")
    String date;

    @Option(names = "--replace-output",
            description = "Replace the source's output layer by a fresh one for data.task / data.num-classes.")
    boolean replaceOutput;

    @Mixin
    LeaseOption lease;

    @Override
    public Integer call() throws Exception {
        LocalDate partition = UpdateCommand.parseDate(date);
        JobConfig job = jobFile.load();
        ModelImporter importer = ModelImporter.read(from.toPath(), job, replaceOutput);
        HadoopModelStore store = new HadoopModelStore(job.store(), HadoopSettings.fromSparkConf());
        LeasedRun.Result result = new LeasedRun(store, store.leases(lease.ttl()), job.modelName()).run(
                RunRequest.of(RunKind.INIT, partition), false, () -> new NightlyUpdate(
                        SparkSessions.getOrCreate("continual-init-" + job.modelName()), job, store, importer));
        return UpdateCommand.report(result);
    }
}
