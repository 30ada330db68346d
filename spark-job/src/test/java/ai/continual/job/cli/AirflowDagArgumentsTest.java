package ai.continual.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.config.JobConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The Airflow DAGs in submit-scripts/airflow pass command lines the job accepts: every {@code *_ARGS}
 * list is read from the DAG file, its Jinja templates rendered with sample values, and parsed by the
 * job's own picocli parser; its --date must parse and its --set overrides must load over the conf file.
 * Airflow itself cannot be installed here, so the files are also checked to be valid Python.
 */
class AirflowDagArgumentsTest {

    static final Path DAGS = Path.of("..", "submit-scripts", "airflow");
    static final Path CONF = Path.of("..", "conf");
    static final Map<String, String> TEMPLATES = Map.of(
            "{{ ds }}", "2026-11-27",
            "{{ ds_nodash }}", "20261127",
            "{{ ti.try_number }}", "1");

    private static final Pattern ARGS_LIST = Pattern.compile("(?ms)^(\\w+_ARGS) = \\[(.*?)^\\]");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    @TestFactory
    Stream<DynamicTest> everyArgumentListOfEveryDagParses() throws IOException {
        Map<String, List<String>> lists = argumentLists();
        assertThat(lists).containsKeys("continual_nightly_update.py:UPDATE_ARGS",
                "continual_retrain_comparison.py:RETRAIN_ARGS", "continual_retrain_comparison.py:COMPARE_ARGS");
        return lists.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> checkParses(e.getValue())));
    }

    @Test
    void dagFilesAreValidPython() throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", "-c",
                "import ast, sys\nfor f in sys.argv[1:]:\n    ast.parse(open(f).read(), f)"));
        try (Stream<Path> files = Files.list(DAGS)) {
            files.filter(f -> f.toString().endsWith(".py")).forEach(f -> command.add(f.toString()));
        }
        Process python;
        try {
            python = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("python3 is not installed: " + e.getMessage());
            return;
        }
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.exitValue()).as(output).isZero();
    }

    @Test
    void theRejectedExitCodeOfTheDagsMatchesTheJob() throws IOException {
        String operator = Files.readString(DAGS.resolve("continual_spark.py"));
        assertThat(operator).contains("EXIT_CONFIG_ERROR = " + ExitCodes.CONFIG_ERROR,
                "EXIT_DATA_ERROR = " + ExitCodes.DATA_ERROR, "EXIT_STORE_ERROR = " + ExitCodes.STORE_ERROR,
                "EXIT_REJECTED = " + ExitCodes.REJECTED, "EXIT_GPU_UNAVAILABLE = " + ExitCodes.GPU_UNAVAILABLE,
                "EXIT_LEASE_HELD = " + ExitCodes.LEASE_HELD);
    }

    /**
     * Runs the operator's exit-code handling in python3 against stand-ins for Airflow's classes (Airflow itself
     * cannot be installed here): spark-submit fails with the given exit codes in turn, then succeeds.
     * Its last line: the outcome, how many times spark-submit ran, how often on_rejected was called.
     */
    private static String operatorOutcome(int... exitCodes) throws Exception {
        String script = String.join("\n",
                "import sys, types",
                "class AirflowException(Exception): pass",
                "class AirflowFailException(AirflowException): pass",
                "class AirflowSkipException(AirflowException): pass",
                "codes = [int(c) for c in sys.argv[2:]]",
                "calls = []",
                "class SparkSubmitOperator:",
                "    def __init__(self, **kwargs): pass",
                "    def execute(self, context):",
                "        calls.append(1)",
                "        if len(calls) <= len(codes):",
                "            raise AirflowException('Cannot execute: spark-submit. Error code is: %d.' % codes[len(calls) - 1])",
                "        return 'done'",
                "def module(name, **members):",
                "    m = types.ModuleType(name); m.__dict__.update(members); sys.modules[name] = m",
                "for name in ['airflow', 'airflow.providers', 'airflow.providers.apache', 'airflow.providers.apache.spark',",
                "             'airflow.providers.apache.spark.operators']: module(name)",
                "module('airflow.exceptions', AirflowException=AirflowException, AirflowFailException=AirflowFailException,",
                "       AirflowSkipException=AirflowSkipException)",
                "module('airflow.providers.apache.spark.operators.spark_submit', SparkSubmitOperator=SparkSubmitOperator)",
                "sys.path.insert(0, sys.argv[1])",
                "import continual_spark",
                "from datetime import timedelta",
                "continual_spark.LEASE_WAIT = timedelta(0)",
                "alerts = []",
                "op = continual_spark.ContinualSparkSubmitOperator(on_rejected=lambda c: alerts.append(c))",
                "try:",
                "    outcome = op.execute({})",
                "except Exception as e:",
                "    outcome = type(e).__name__",
                "print(outcome, len(calls), len(alerts))");
        List<String> command = new ArrayList<>(List.of("python3", "-c", script, DAGS.toString()));
        for (int code : exitCodes) {
            command.add(String.valueOf(code));
        }
        Process python;
        try {
            python = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("python3 is not installed: " + e.getMessage());
            return "";
        }
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(python.exitValue()).as(output).isZero();
        return output.substring(output.lastIndexOf('\n') + 1);   // before it: the operator's log lines
    }

    @Test
    void aHeldLeaseIsWaitedForAndTriedAgainInsideTheTask() throws Exception {
        assertThat(operatorOutcome(ExitCodes.LEASE_HELD, ExitCodes.LEASE_HELD)).isEqualTo("done 3 0");
        String operator = Files.readString(DAGS.resolve("continual_spark.py"));
        Matcher attempts = Pattern.compile("LEASE_ATTEMPTS = (\\d+)").matcher(operator);
        assertThat(attempts.find()).isTrue();
        int tries = Integer.parseInt(attempts.group(1)) + 1;
        int[] alwaysHeld = new int[tries];
        java.util.Arrays.fill(alwaysHeld, ExitCodes.LEASE_HELD);
        assertThat(operatorOutcome(alwaysHeld)).as("still held after every wait: an ordinary, retried failure")
                .isEqualTo("AirflowException " + tries + " 0");
        Matcher wait = Pattern.compile("LEASE_WAIT = timedelta\\(minutes=(\\d+)\\)").matcher(operator);
        assertThat(wait.find()).isTrue();
        assertThat(java.time.Duration.ofMinutes(Long.parseLong(wait.group(1))))
                .as("a crashed writer's lease has expired after one wait")
                .isGreaterThan(ai.continual.store.HadoopLeaseManager.DEFAULT_TTL);
    }

    @Test
    void aRejectionAlertsAndIsNotRetriedAndBadArgumentsFailAtOnce() throws Exception {
        assertThat(operatorOutcome(ExitCodes.REJECTED)).isEqualTo("AirflowSkipException 1 1");
        assertThat(operatorOutcome(ExitCodes.CONFIG_ERROR)).isEqualTo("AirflowFailException 1 0");
        assertThat(operatorOutcome(ExitCodes.GPU_UNAVAILABLE)).isEqualTo("AirflowFailException 1 0");
        assertThat(operatorOutcome(ExitCodes.STORE_ERROR)).as("left to Airflow's retries").isEqualTo("AirflowException 1 0");
    }

    private static void checkParses(List<String> args) {
        CommandLine cli = new CommandLine(new ContinualJob());
        String subcommand = args.get(0);
        Assumptions.assumeTrue(cli.getSubcommands().containsKey(subcommand),
                "the job has no '" + subcommand + "' subcommand in this build");
        ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
        ParseResult sub = parsed.subcommand();
        assertThat(sub.commandSpec().name()).isEqualTo(subcommand);
        assertThat(sub.unmatched()).isEmpty();
        for (String dateOption : List.of("--date", "--from", "--to")) {
            if (sub.hasMatchedOption(dateOption)) {
                assertThat(UpdateCommand.parseDate(sub.matchedOptionValue(dateOption, ""))).isNotNull();
            }
        }
        String config = sub.matchedOptionValue("--config", (java.io.File) null).getName();
        List<String> overrides = sub.matchedOptionValue("--set", List.<String>of());
        // The DAG ships conf/<name> with --files and passes its base name; the overrides must load over it.
        assertThat(JobConfigLoader.load(CONF.resolve(config).toFile(), overrides)).isNotNull();
    }

    private static Map<String, List<String>> argumentLists() throws IOException {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(DAGS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".py")).sorted().toList()) {
                Matcher list = ARGS_LIST.matcher(Files.readString(file));
                while (list.find()) {
                    List<String> args = new ArrayList<>();
                    Matcher string = STRING.matcher(list.group(2));
                    while (string.find()) {
                        args.add(render(string.group(1)));
                    }
                    lists.put(file.getFileName() + ":" + list.group(1), args);
                }
            }
        }
        return lists;
    }

    private static String render(String value) {
        String rendered = value;
        for (Map.Entry<String, String> t : TEMPLATES.entrySet()) {
            rendered = rendered.replace(t.getKey(), t.getValue());
        }
        assertThat(rendered).as("a template this test does not know in '" + value + "'").doesNotContain("{{");
        return rendered;
    }
}
