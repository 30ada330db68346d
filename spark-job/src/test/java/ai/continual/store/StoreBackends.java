package ai.continual.store;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * Real storage back ends for tests, started in this JVM: an HDFS {@link MiniDFSCluster} and an S3
 * server (s3proxy over an in-memory blob store) reached through Hadoop's S3A connector.
 */
public final class StoreBackends {

    /** Credentials of the test S3 server; the secrets test looks for them in every output. */
    public static final String S3_ACCESS_KEY = "AKIATESTACCESSKEY4242";
    public static final String S3_SECRET_KEY = "TestSecretKey/Do+Not+Leak/0123456789abcd";
    /** Bucket names are fresh per server: S3A caches a file system per bucket, with its endpoint. */
    private static final java.util.concurrent.atomic.AtomicInteger SERVERS = new java.util.concurrent.atomic.AtomicInteger();

    private StoreBackends() {}

    /** A one-datanode HDFS cluster; call {@link Hdfs#close} when done. */
    public static Hdfs startHdfs() throws Exception {
        File base = Files.createTempDirectory("minidfs").toFile();
        Configuration conf = new Configuration();
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, base).numDataNodes(1).build();
        cluster.waitActive();
        return new Hdfs(cluster, base);
    }

    /** A running MiniDFSCluster and its root URI ({@code hdfs://127.0.0.1:PORT}). */
    public record Hdfs(MiniDFSCluster cluster, File base) implements AutoCloseable {
        public String uri() {
            return "hdfs://127.0.0.1:" + cluster.getNameNodePort();
        }

        public Configuration conf() {
            return cluster.getConfiguration(0);
        }

        @Override
        public void close() {
            cluster.shutdown(true);
        }
    }

    /** An S3 server on a free loopback port with one bucket; call {@link S3#close} when done. */
    public static S3 startS3() throws Exception {
        Properties overrides = new Properties();
        BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .overrides(overrides)
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3_ACCESS_KEY, S3_SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        proxy.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(20);
        }
        String bucket = "continual-test-" + SERVERS.incrementAndGet() + "-" + proxy.getPort();
        context.getBlobStore().createContainerInLocation(null, bucket);
        return new S3(proxy, context, bucket);
    }

    /** A running s3proxy and the S3A settings that reach it. */
    public record S3(S3Proxy proxy, BlobStoreContext context, String bucket) implements AutoCloseable {
        public String endpoint() {
            return "http://127.0.0.1:" + proxy.getPort();
        }

        /** Copies the S3A settings for this server into {@code conf} and returns it. */
        public Configuration configure(Configuration conf) {
            conf.set("fs.s3a.endpoint", endpoint());
            conf.set("fs.s3a.endpoint.region", "us-east-1");
            conf.set("fs.s3a.path.style.access", "true");
            conf.set("fs.s3a.connection.ssl.enabled", "false");
            conf.set("fs.s3a.access.key", S3_ACCESS_KEY);
            conf.set("fs.s3a.secret.key", S3_SECRET_KEY);
            conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
            conf.set("fs.s3a.change.detection.mode", "none");
            conf.set("fs.s3a.bucket.probe", "0");
            // s3proxy answers S3's multi-object delete with 500; single deletes work. Keeping directory
            // markers spares a delete after every write.
            conf.set("fs.s3a.multiobjectdelete.enable", "false");
            conf.set("fs.s3a.directory.marker.retention", "keep");
            conf.set("fs.s3a.attempts.maximum", "2");
            conf.set("fs.s3a.retry.limit", "2");
            return conf;
        }

        @Override
        public void close() throws Exception {
            proxy.stop();
            context.close();
        }
    }
}
