package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.store.HadoopModelStore;
import ai.continual.store.StoreBackends;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code submit-scripts/run-local.sh} with an {@code s3a://} store and data, against s3proxy: the script's own
 * class path (a Spark distribution's jars from spark-dist, plus the S3A connector and its AWS SDK) must reach S3.
 * The job's classes come from this build, without hadoop-aws or the AWS SDK, so only the script can bring them.
 */
class RunLocalS3Test {

    static final LocalDate DAY = LocalDate.of(2026, 11, 24);
    static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();

    static StoreBackends.S3 s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startS3AndResolveTheDistribution() throws Exception {
        Path dist = REPO.resolve("spark-dist/target");
        if (!Files.exists(dist.resolve("spark-classpath.txt")) || !Files.exists(dist.resolve("s3a-classpath.txt"))) {
            // The same build step run-local.sh would run, for the spark-dist module only.
            Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-o", "-pl", "spark-dist", "package")
                    .directory(REPO.toFile()).inheritIO().start();
            assertThat(mvn.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(mvn.exitValue()).as("mvn -pl spark-dist package").isZero();
        }
        s3 = StoreBackends.startS3();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @Test
    void updateThroughRunLocalReadsAndWritesS3() throws Exception {
        Configuration conf = s3.configure(new Configuration());
        String base = "s3a://" + s3.bucket() + "/run-local";
        Path local = tmp.resolve("data");
        TestData.writePartition(local, DAY, TestData.blobs("a", new int[] {0, 1, 2, 3}, 10, 1), TestData.SCHEMA);
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(base + "/data/date=" + DAY);
        FileUtil.copy(new File(local.resolve("date=" + DAY).toString()), target.getFileSystem(conf), target, false, conf);
        String job = CliRun.jobFile(tmp, base + "/data", base + "/store", "training.epochs = 1\n").toString();

        List<String> javaOpts = new ArrayList<>();
        for (Map.Entry<String, String> setting : s3.configure(new Configuration(false))) {
            javaOpts.add("-Dspark.hadoop." + setting.getKey() + "=" + setting.getValue());
        }
        ProcessBuilder run = new ProcessBuilder("bash", REPO.resolve("submit-scripts/run-local.sh").toString(),
                "update", "--config", job, "--date", DAY.toString()).directory(REPO.toFile())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("run-local.log").toFile());
        run.environment().put("CONTINUAL_JOB_CLASSPATH", jobClasses());
        run.environment().put("CONTINUAL_JAVA_OPTS", String.join(" ", javaOpts));
        run.environment().put("SPARK_MASTER", "local[1]");
        run.environment().put("DRIVER_MEMORY", "2g");
        Process process = run.start();
        boolean ended = process.waitFor(8, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        String log = Files.readString(tmp.resolve("run-local.log"));
        assertThat(ended).as(log).isTrue();
        assertThat(process.exitValue()).as(log).isZero();
        assertThat(log).doesNotContain("ClassNotFoundException");
        assertThat(new HadoopModelStore(base + "/store", conf).versions("test-model")).containsExactly(1);
    }

    /**
     * This build's job classes and their libraries, without what a Spark distribution or the S3A class path
     * file provides (Spark, Hadoop, the AWS SDK) and without the test-only libraries.
     */
    static String jobClasses() throws IOException {
        List<String> provided = new ArrayList<>();
        for (String file : List.of("spark-classpath.txt", "s3a-classpath.txt")) {
            provided.addAll(Arrays.asList(Files.readString(REPO.resolve("spark-dist/target").resolve(file)).strip()
                    .split(File.pathSeparator)));
        }
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !provided.contains(entry))
                .filter(entry -> !entry.contains("test-classes") && !entry.contains("/org/apache/hadoop/")
                        && !entry.contains("/com/amazonaws/") && !entry.contains("/software/amazon/")
                        && !entry.contains("/org/gaul/") && !entry.contains("/org/apache/spark/")
                        && !entry.contains("/org/apache/jclouds/") && !entry.contains("surefire"))
                .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
    }
}
