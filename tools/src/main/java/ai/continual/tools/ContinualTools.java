package ai.continual.tools;

import ai.continual.config.ConfigException;
import ai.continual.job.cli.ExitCodes;
import ai.continual.tools.bench.HistoryScalingBenchmark;
import ai.continual.tools.bench.ThroughputBenchmark;
import ai.continual.tools.bench.UpdateCostBenchmark;
import ai.continual.tools.samples.SamplesCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the tools that are not part of the job: {@code continual-tools samples|throughput|
 * history-scaling|update-cost ...}, started by {@code submit-scripts/run-tools.sh} and the {@code bench/} scripts. They live
 * in their own module so that the job's shaded jar carries none of them.
 */
@Command(name = "continual-tools", mixinStandardHelpOptions = true,
        description = "Sample-data writers and benchmarks of the continual job (not part of the job's jar).",
        subcommands = {SamplesCommand.class, ThroughputBenchmark.class, HistoryScalingBenchmark.class,
                UpdateCostBenchmark.class})
public final class ContinualTools {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line and returns the exit code: 0 done, 2 bad arguments (picocli's usage errors and
     * {@link ConfigException}s, with a message naming the option and the fix), 1 anything else.
     */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new ContinualTools());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("ERROR: " + e.getMessage());
            if (e instanceof ConfigException) {
                return ExitCodes.CONFIG_ERROR;
            }
            e.printStackTrace(commandLine.getErr());
            return ExitCodes.INTERNAL_ERROR;
        });
        return cli.execute(args);
    }
}
