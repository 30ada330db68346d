package ai.continual.job.cli;

import ai.continual.config.ConfigException;
import ai.continual.config.JobConfig;
import ai.continual.job.NightlyUpdate;
import ai.continual.job.SparkSessions;
import ai.continual.model.ModelImporter;
import ai.continual.provenance.RunSummary;
import ai.continual.store.HadoopModelStore;
import java.io.File;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code init --config FILE --from MODEL --date YYYY-MM-DD}: version 1 from an existing DL4J zip or Keras
 * .h5 model instead of from config; its fixed part (model.frozen-layers) is frozen from the start, it is
 * fitted on the partition of {@code --date} like any version 1, and its manifest records the source file.
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

    @Override
    public Integer call() throws Exception {
        LocalDate partition = UpdateCommand.parseDate(date);
        JobConfig job = jobFile.load();
        ModelImporter importer = ModelImporter.read(from.toPath(), job, replaceOutput);
        SparkSession spark = SparkSessions.getOrCreate("continual-init-" + job.modelName());
        HadoopModelStore store = new HadoopModelStore(job.store(), spark.sparkContext().hadoopConfiguration());
        store.latestVersion(job.modelName()).ifPresent(v -> {
            throw new ConfigException("Model '" + job.modelName() + "' already has version " + v + " in " + job.store()
                    + "; init makes version 1 only. Use another model-name or run update.");
        });
        RunSummary summary = new NightlyUpdate(spark, job, store, importer).run(partition);
        System.out.println(HadoopModelStore.json().writer()
                .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
        return ExitCodes.OK;
    }
}
