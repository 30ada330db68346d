package ai.continual.job;

import ai.continual.job.cli.ContinualJob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the command line in this JVM (on the shared local Spark session) and captures its output. */
public record CliRun(int exitCode, String stdout, String stderr) {

    /** {@code ContinualJob.run(args)} with stdout and stderr captured. */
    public static synchronized CliRun of(String... args) {
        LocalSpark.session();
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            code = ContinualJob.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        CliRun run = new CliRun(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        System.err.println("continual " + String.join(" ", args) + " -> exit " + code
                + (code == 0 ? "" : "\n" + run.stderr()));
        return run;
    }

    /** {@code models <args[0]> --config=<job> <args[1..]>} in this JVM. */
    public static CliRun models(String job, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "models";
        all[1] = args[0];
        all[2] = "--config=" + job;
        System.arraycopy(args, 1, all, 3, args.length - 1);
        return of(all);
    }

    /** The last line of stdout (the run summary of an update). */
    public String lastLine() {
        String[] lines = stdout.strip().split("\n");
        return lines[lines.length - 1];
    }

    /** Writes a small classification job file (the TestData config) and returns its path. */
    public static Path jobFile(Path dir, String dataRoot, String storeUri, String extra) {
        String hocon = "model-name = test-model\n"
                + "store = \"" + storeUri + "\"\n"
                + "data { root = \"" + dataRoot + "\", id-column = id, num-classes = 4 }\n"
                + "model.hidden-layers = [{size = 16, activation = relu}]\n"
                + "training { epochs = 2, batch-size = 16, averaging-frequency = 2, learning-rate = 0.01 }\n"
                + "replay { ratio = 1.0, max-rows = 100 }\n"
                + "strategy = [replay]\n"
                + extra;
        try {
            Files.createDirectories(dir);
            Path file = Files.createTempFile(dir, "job", ".conf");
            Files.writeString(file, hocon);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
