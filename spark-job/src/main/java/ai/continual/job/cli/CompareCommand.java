package ai.continual.job.cli;

import ai.continual.config.ConfigException;
import ai.continual.config.JobConfigLoader;
import ai.continual.job.SparkSessions;
import ai.continual.job.compare.ComparedStrategy;
import ai.continual.job.compare.ComparisonRunner;
import ai.continual.report.Comparison;
import ai.continual.report.ComparisonReport;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.File;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code compare --config FILE --strategies a,b+c --out DIR}: simulates nightly updates over the dates for each
 * strategy plus a full retrain at each date, then writes comparison.json, PNG plots and index.html to DIR.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Simulate nightly updates of several strategies and a full retrain at each date; write"
                + " comparison.json and an HTML report with plots.")
public final class CompareCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, description = "HOCON job file (see conf/); its store is not used.")
    File config;

    @Option(names = "--strategies", defaultValue = "default,finetune,replay,ewc,lwf,replay+fusion",
            description = "Comma-separated strategies, each a '+'-joined method list or NAME=methods; 'default' runs"
                    + " the config's own strategy exactly as the nightly job does (default ${DEFAULT-VALUE}).")
    String strategies;

    @Option(names = "--no-retrain", description = "Skip the full retrain at each date.")
    boolean noRetrain;

    @Option(names = "--no-warm-up", description = "Skip the untimed warm-up run (the first strategy on the first date,"
            + " into a scratch store that is deleted) that keeps the JVM's warm-up out of the first strategy's wall time.")
    boolean noWarmUp;

    @Option(names = "--from", description = "First date (default: the first partition).")
    String from;

    @Option(names = "--to", description = "Last date (default: the last partition).")
    String to;

    @Option(names = "--out", required = true, description = "Empty folder for the stores, comparison.json and the report.")
    Path out;

    @Option(names = "--set", description = "Override a config key for every strategy (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--set-for", paramLabel = "NAME:key=value",
            description = "Override a config key for one strategy (or retrain) only, after --set (repeatable).")
    List<String> strategyOverrides = new ArrayList<>();

    @Override
    public Integer call() {
        if (!config.isFile()) {
            throw new ConfigException("Config file " + config + " does not exist; pass an existing HOCON file with --config");
        }
        Config user = JobConfigLoader.applyOverrides(
                ConfigFactory.parseFile(config, ConfigParseOptions.defaults().setAllowMissing(false)), overrides);
        List<ComparedStrategy> compared = ComparedStrategy.parse(strategies, strategyOverrides, !noRetrain);
        if (compared.isEmpty()) {
            throw new ConfigException("--strategies is empty and --no-retrain is set: nothing to compare");
        }
        LocalDate first = from == null ? LocalDate.MIN : UpdateCommand.parseDate(from);
        LocalDate last = to == null ? LocalDate.MAX : UpdateCommand.parseDate(to);
        SparkSession spark = SparkSessions.getOrCreate("continual-compare");
        Comparison comparison = new ComparisonRunner(spark, user, config.toString(), System.err)
                .run(compared, first, last, out.toAbsolutePath(), !noWarmUp);
        ComparisonReport.write(comparison, out);
        System.out.print(ComparisonReport.table(comparison));
        System.out.println("Report: " + out.resolve(ComparisonReport.HTML_FILE).toAbsolutePath());
        return ExitCodes.OK;
    }
}
