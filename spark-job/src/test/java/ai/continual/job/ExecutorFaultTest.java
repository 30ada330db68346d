package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.job.cli.ExitCodes;
import ai.continual.job.fault.TaskFaultInjection;
import ai.continual.provenance.VersionManifest;
import ai.continual.store.HadoopModelStore;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executor faults: a driver on {@code local[2,4]} (up to 4 attempts per task) with the fault switch on
 * loses the first attempt of half the training tasks and still commits, through Spark's task retries,
 * a version of the same shape as a run without faults. The faulty driver runs in its own JVM because
 * the shared test session ({@code local[2]}) allows no retries.
 */
class ExecutorFaultTest {

    static final LocalDate DAY = LocalDate.of(2026, 11, 25);

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void firstAttemptsOfTrainingTasksFailAndTheJobStillCommits() throws Exception {
        Path data = tmp.resolve("data");
        TestData.writePartition(data, DAY, TestData.blobs("a", new int[] {0, 1, 2}, 30, 1), TestData.SCHEMA);
        String faultyStore = tmp.resolve("faulty-store").toUri().toString();
        String cleanStore = tmp.resolve("clean-store").toUri().toString();
        String faultyJob = CliRun.jobFile(tmp, data.toUri().toString(), faultyStore, "").toString();
        String cleanJob = CliRun.jobFile(tmp, data.toUri().toString(), cleanStore, "").toString();

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-Xmx") && !arg.startsWith("-javaagent")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-Xmx2g", "-Dspark.master=local[2,4]", "-Dspark.ui.enabled=false",
                "-Dspark.driver.host=127.0.0.1", "-Dspark.sql.shuffle.partitions=4",
                "-Dspark.serializer=org.apache.spark.serializer.KryoSerializer",
                "-Dspark.kryo.registrator=org.nd4j.kryo.Nd4jRegistrator",
                "-D" + TaskFaultInjection.SETTING + "=true",
                "-Dspark.hadoop.fs.testlocal.impl=" + LocalFsUnderOtherScheme.class.getName(),
                "-Dspark.hadoop.fs.defaultFS=testlocal:///",
                "-cp", System.getProperty("java.class.path"),
                "ai.continual.job.cli.ContinualJob", "update", "--config", faultyJob, "--date", DAY.toString()));
        File log = tmp.resolve("driver.log").toFile();
        Process driver = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        assertThat(driver.waitFor(14, TimeUnit.MINUTES)).as("driver finished").isTrue();
        String output = Files.readString(log.toPath());
        assertThat(driver.exitValue()).as(output).isEqualTo(ExitCodes.OK);
        assertThat(output).contains("InjectedTaskFailure").contains("attempt 0");

        assertThat(CliRun.of("update", "--config", cleanJob, "--date", DAY.toString()).exitCode())
                .isEqualTo(ExitCodes.OK);
        VersionManifest faulty = new HadoopModelStore(faultyStore, new Configuration()).manifest("test-model", 1);
        VersionManifest clean = new HadoopModelStore(cleanStore, new Configuration()).manifest("test-model", 1);
        assertThat(faulty.kind()).isEqualTo(clean.kind());
        assertThat(faulty.summary().rows()).isEqualTo(clean.summary().rows());
        assertThat(faulty.summary().metrics().keySet()).isEqualTo(clean.summary().metrics().keySet());
        assertThat(faulty.inputs()).extracting(i -> i.rows()).isEqualTo(clean.inputs().stream().map(i -> i.rows()).toList());
        assertThat(new HadoopModelStore(faultyStore, new Configuration()).load("test-model", 1).network().numParams())
                .isEqualTo(new HadoopModelStore(cleanStore, new Configuration()).load("test-model", 1).network().numParams());
    }
}
