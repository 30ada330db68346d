package ai.continual.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.job.LocalSpark;
import ai.continual.job.TestData;
import ai.continual.provenance.RunSummary;
import ai.continual.store.HadoopModelStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: exit codes, and the run summary as the last line of stdout. */
class ContinualJobTest {

    static final LocalDate DAY = LocalDate.of(2026, 11, 27);

    @TempDir
    Path tmp;

    record Result(int exitCode, String out, String err) {}

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = ContinualJob.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    Path writeConfig(String extra) throws Exception {
        Path data = tmp.resolve("data");
        if (!Files.exists(data)) {
            LocalSpark.session();
            TestData.writePartition(data, DAY, TestData.blobs("c", new int[] {0, 1}, 30, 3), TestData.SCHEMA);
        }
        Path conf = tmp.resolve("job.conf");
        Files.writeString(conf, "model-name = cli-model\nstore = \"" + tmp.resolve("store").toUri() + "\"\n"
                + "data { root = \"" + data.toUri() + "\", id-column = id, num-classes = 2 }\n"
                + "model.hidden-layers = [{size = 8}]\ntraining.epochs = 1\n" + extra);
        return conf;
    }

    @Test
    void successPrintsTheSummaryAsTheLastLineAndExitsZero() throws Exception {
        Result r = run("update", "--config", writeConfig("").toString(), "--date", DAY.toString(),
                "--set", "training.batch-size=8");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        String[] lines = r.out().strip().split("\n");
        RunSummary summary = HadoopModelStore.json().readValue(lines[lines.length - 1], RunSummary.class);
        assertThat(summary.model()).isEqualTo("cli-model");
        assertThat(summary.version()).isEqualTo(1);
        assertThat(summary.date()).isEqualTo(DAY.toString());
        HadoopModelStore store = new HadoopModelStore(tmp.resolve("store").toUri().toString(),
                LocalSpark.session().sparkContext().hadoopConfiguration());
        assertThat(store.manifest("cli-model", 1).config()).extractingByKey("training")
                .asString().contains("batch-size=8");
    }

    @Test
    void configErrorsExitWithTwoAndNameTheKey() throws Exception {
        Result badValue = run("update", "--config", writeConfig("training.epochs = 0\n").toString(), "--date",
                DAY.toString());
        assertThat(badValue.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(badValue.err()).contains("ERROR: Config key 'training.epochs'");
        Result badDate = run("update", "--config", writeConfig("").toString(), "--date", "27.11.2026");
        assertThat(badDate.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(badDate.err()).contains("YYYY-MM-DD");
        Result missingOption = run("update", "--date", DAY.toString());
        assertThat(missingOption.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(missingOption.err()).contains("--config");
    }

    @Test
    void dataErrorsExitWithThree() throws Exception {
        Result r = run("update", "--config", writeConfig("").toString(), "--date", "2026-12-24");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(r.err()).contains("Partition date=2026-12-24 does not exist");
    }

    @Test
    void storeErrorsExitWithFour() throws Exception {
        Path notADirectory = Files.writeString(tmp.resolve("plain-file"), "x");
        Result r = run("update", "--config", writeConfig("").toString(), "--date", DAY.toString(),
                "--set", "store=" + notADirectory.resolve("store").toUri());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.STORE_ERROR);
        assertThat(r.err()).contains("plain-file");
    }
}
