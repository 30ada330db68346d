package ai.continual.job.cli;

import ai.continual.config.ConfigException;
import ai.continual.job.data.DataContractException;
import ai.continual.job.runtime.GpuUnavailableException;
import ai.continual.secrets.Redaction;
import ai.continual.store.LeaseHeldException;
import ai.continual.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code continual <subcommand> ...}; spark-submit's --class. */
@Command(name = "continual", mixinStandardHelpOptions = true, versionProvider = ContinualJob.Version.class,
        description = "Keeps deep-learning models up to date by continual learning on Spark.",
        subcommands = {UpdateCommand.class, InitCommand.class, RetrainCommand.class, CompareCommand.class,
                ai.continual.job.cli.models.ModelsCommand.class})
public final class ContinualJob {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (see {@link ExitCodes}). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new ContinualJob());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("ERROR: " + Redaction.uris(e.getMessage()));
            if (e instanceof LeaseHeldException) {
                return ExitCodes.LEASE_HELD;
            }
            if (e instanceof ConfigException) {
                return ExitCodes.CONFIG_ERROR;
            }
            if (e instanceof DataContractException) {
                return ExitCodes.DATA_ERROR;
            }
            if (e instanceof StoreException) {
                return ExitCodes.STORE_ERROR;
            }
            if (e instanceof GpuUnavailableException) {
                return ExitCodes.GPU_UNAVAILABLE;
            }
            e.printStackTrace(commandLine.getErr());
            return ExitCodes.INTERNAL_ERROR;
        });
        return cli.execute(args);
    }

    /** Version from the jar's build properties. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"continual " + ai.continual.provenance.SoftwareVersions.current().get("continual")};
        }
    }
}
