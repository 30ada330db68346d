package ai.continual.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.config.AveragingEngine;
import ai.continual.config.TrainingConfig;
import ai.continual.tools.ContinualTools;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The tools take their arguments through picocli: the benchmark defaults, the variant syntax, and errors (exit 2)
 * that name the option and the fix.
 */
class ToolArgumentsTest {

    @Test
    void defaultsAreTheDocumentedRun() {
        ThroughputBenchmark bench = new ThroughputBenchmark();
        new CommandLine(bench).parseArgs();
        assertThat(bench.trainRows).isEqualTo(60_000);
        assertThat(bench.epochs).isEqualTo(3);
        assertThat(bench.source.folder()).isEqualTo(Path.of("/usr/share/datasets/fashion-mnist"));
        assertThat(bench.variants).extracting(ThroughputBenchmark.Variant::name).containsExactly(
                "in-memory-b128-avg10", "in-memory-b128-avg50", "shipped-defaults", "in-memory-b128-avg100",
                "dl4j-export-b128-avg10", "dl4j-export-b128-avg50");
        assertThat(bench.variants.get(2)).isEqualTo(new ThroughputBenchmark.Variant("shipped-defaults",
                TrainingConfig.AUTO, TrainingConfig.AUTO, 0, 0, 0.001, AveragingEngine.IN_MEMORY));
        assertThat(bench.variants.get(5)).isEqualTo(
                new ThroughputBenchmark.Variant("dl4j-export-b128-avg50", 128, 50, 0, 0, 0.001, AveragingEngine.DL4J_EXPORT));
    }

    @Test
    void variantsTakeTheirKeysAndDefaults() {
        ThroughputBenchmark bench = new ThroughputBenchmark();
        new CommandLine(bench).parseArgs("--train-rows", "1200", "--variants", "a:batch=64,avg=10,threads=1;b");
        assertThat(bench.trainRows).isEqualTo(1200);
        assertThat(bench.variants).containsExactly(
                new ThroughputBenchmark.Variant("a", 64, 10, 0, 1, 0.001, AveragingEngine.IN_MEMORY),
                new ThroughputBenchmark.Variant("b", 32, 5, 0, 0, 0.001, AveragingEngine.IN_MEMORY));
    }

    @Test
    void aBadVariantOrOptionExitsWithTwoNamingTheFix() {
        assertThat(runCapturingErr("throughput", "--variants", "a:legacy=true")).startsWith("2")
                .contains("unknown keys [legacy]").contains("valid: batch, avg, workers, threads, lr, engine");
        assertThat(runCapturingErr("throughput", "--variants", "a:engine=gpu")).startsWith("2")
                .contains("engine = in-memory or dl4j-export");
        assertThat(runCapturingErr("history-scaling", "--history", "1,x")).startsWith("2").contains("--history");
        assertThat(runCapturingErr("samples", "images", "--out", "/tmp/never-written")).startsWith("2")
                .contains("Unknown sample kind 'images'").contains("use one of fashion-mnist, regression, sequences, fashion-mnist-domain");
        assertThat(runCapturingErr("samples", "fashion-mnist", "--out", "/tmp/never-written", "--source",
                "/nonexistent/fashion")).startsWith("2").contains("train-images-idx3-ubyte.gz not found under"
                + " /nonexistent/fashion").contains("apt-get install dataset-fashion-mnist");
    }

    /** The exit code, a newline, then what the tools printed on stderr. */
    private static String runCapturingErr(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = ContinualTools.run(args);
            return code + "\n" + captured.toString(StandardCharsets.UTF_8);
        } finally {
            System.setErr(err);
        }
    }
}
