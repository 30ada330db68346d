package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.job.cli.ExitCodes;
import ai.continual.provenance.VersionManifest;
import ai.continual.store.HadoopModelStore;
import ai.continual.store.StoreBackends;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nightly updates end to end on remote storage: data partitions and the model store both on HDFS
 * (MiniDFSCluster), then both on S3 (s3proxy through S3A). The S3 run also proves that the S3
 * credentials appear in no log line, output, manifest, alias, summary or error message.
 */
class RemoteStorageUpdateTest {

    static final LocalDate DAY1 = LocalDate.of(2026, 11, 25);
    static final LocalDate DAY2 = LocalDate.of(2026, 11, 26);

    @TempDir
    static Path tmp;
    static StoreBackends.Hdfs hdfs;
    static StoreBackends.S3 s3;
    static final List<String> S3_PROPERTIES = new ArrayList<>();

    @BeforeAll
    static void startBackends() throws Exception {
        hdfs = StoreBackends.startHdfs();
        s3 = StoreBackends.startS3();
        Configuration s3Settings = s3.configure(new Configuration(false));
        Configuration sparkHadoop = LocalSpark.session().sparkContext().hadoopConfiguration();
        for (Map.Entry<String, String> setting : s3Settings) {
            sparkHadoop.set(setting.getKey(), setting.getValue());
            // What spark-submit --conf spark.hadoop.X=... gives the driver.
            System.setProperty("spark.hadoop." + setting.getKey(), setting.getValue());
            S3_PROPERTIES.add("spark.hadoop." + setting.getKey());
        }
    }

    @AfterAll
    static void stopBackends() throws Exception {
        S3_PROPERTIES.forEach(System::clearProperty);
        hdfs.close();
        s3.close();
    }

    static void writePartition(String root, LocalDate date, List<Row> rows) {
        LocalSpark.session().createDataFrame(rows, TestData.SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(root + "/date=" + date);
    }

    /** Two nightly updates, an idempotent rerun, a promotion and a verify against {@code base}. */
    static List<CliRun> updateTwiceAndPromote(String base, Configuration conf) throws IOException {
        String data = base + "/data";
        String store = base + "/store";
        writePartition(data, DAY1, TestData.blobs("a", new int[] {0, 1}, 30, 1));
        writePartition(data, DAY2, TestData.blobs("b", new int[] {2, 3}, 30, 2));
        String job = CliRun.jobFile(tmp, data, store, "").toString();
        List<CliRun> runs = new ArrayList<>();

        runs.add(CliRun.of("update", "--config", job, "--date", DAY1.toString()));
        runs.add(CliRun.of("update", "--config", job, "--date", DAY2.toString()));
        runs.add(CliRun.of("update", "--config", job, "--date", DAY2.toString()));
        runs.add(CliRun.of("models", "promote", "latest", "--config", job));
        runs.add(CliRun.of("models", "verify", "--config", job));
        runs.add(CliRun.of("models", "list", "--config", job));
        assertThat(runs).extracting(CliRun::exitCode).containsOnly(ExitCodes.OK);
        assertThat(runs.get(2).stderr()).contains("already committed as version 2");
        assertThat(runs.get(4).stdout()).contains("2 versions loaded").contains("production=2");

        HadoopModelStore models = new HadoopModelStore(store, conf);
        assertThat(models.versions("test-model")).containsExactly(1, 2);
        VersionManifest second = models.manifest("test-model", 2);
        assertThat(second.parentVersion()).isEqualTo(1);
        assertThat(second.inputs()).extracting(i -> i.path()).allSatisfy(p -> assertThat(p).startsWith(data.split("/")[0]));
        assertThat(second.inputs()).allSatisfy(i -> assertThat(i.rows()).isPositive());
        assertThat(models.load("test-model", 2).network().numParams()).isPositive();
        return runs;
    }

    @Test
    void updateReadsHdfsPartitionsAndCommitsToAnHdfsStore() throws IOException {
        updateTwiceAndPromote(hdfs.uri() + "/e2e", hdfs.conf());
    }

    @Test
    void updateReadsS3PartitionsCommitsToAnS3StoreAndNeverShowsTheCredentials() throws IOException {
        Configuration conf = s3.configure(new Configuration());
        String base = "s3a://" + s3.bucket() + "/e2e";
        StringBuilder everything = new StringBuilder();
        try (LogCapture logs = new LogCapture()) {
            for (CliRun run : updateTwiceAndPromote(base, conf)) {
                everything.append(run.stdout()).append(run.stderr());
            }
            // Failures must not show them either: a missing bucket, and credentials written into the URI.
            String missing = CliRun.jobFile(tmp, base + "/data", "s3a://no-such-bucket/store", "").toString();
            CliRun noBucket = CliRun.of("update", "--config", missing, "--date", DAY1.toString());
            assertThat(noBucket.exitCode()).isEqualTo(ExitCodes.STORE_ERROR);
            String inUri = "s3a://" + StoreBackends.S3_ACCESS_KEY + ":" + StoreBackends.S3_SECRET_KEY.replace("/", "%2F")
                    + "@" + s3.bucket() + "/uri-store";
            String withKeys = CliRun.jobFile(tmp, base + "/data", inUri, "").toString();
            CliRun keysInUri = CliRun.of("update", "--config", withKeys, "--date", DAY1.toString());
            assertThat(keysInUri.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
            assertThat(keysInUri.stderr()).contains("Config key 'store'").contains("holds credentials")
                    .contains("s3a://*****@" + s3.bucket());
            everything.append(noBucket.stdout()).append(noBucket.stderr())
                    .append(keysInUri.stdout()).append(keysInUri.stderr());
            everything.append(logs.text());
        }
        FileSystem fs = new org.apache.hadoop.fs.Path(base).getFileSystem(conf);
        int stored = 0;
        for (String store : new String[] {base + "/store", "s3a://" + s3.bucket() + "/uri-store"}) {
            org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(store);
            if (!fs.exists(root)) {
                continue;
            }
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
            while (files.hasNext()) {
                LocatedFileStatus file = files.next();
                if (file.getPath().getName().endsWith(".json")) {
                    try (InputStream in = fs.open(file.getPath())) {
                        everything.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                    stored++;
                }
            }
        }
        assertThat(stored).as("manifests and the alias were read").isGreaterThanOrEqualTo(3);
        String text = everything.toString();
        assertThat(text).contains("test-model").contains("Committed test-model version 2");
        for (String secret : new String[] {StoreBackends.S3_ACCESS_KEY, StoreBackends.S3_SECRET_KEY,
                StoreBackends.S3_SECRET_KEY.replace("/", "%2F")}) {
            assertThat(text).doesNotContain(secret);
        }
    }
}
