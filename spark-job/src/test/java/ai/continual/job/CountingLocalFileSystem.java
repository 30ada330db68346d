package ai.continual.job;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system under the scheme {@code countingfs:}, counting every {@code open} per file, so a test
 * can tell how often a job read a partition's files (Spark's executors run in the test JVM under local[N]).
 */
public final class CountingLocalFileSystem extends RawLocalFileSystem {

    public static final String SCHEME = "countingfs";
    private static final Map<String, AtomicLong> OPENS = new ConcurrentHashMap<>();

    /** Makes the scheme known to {@code conf}'s file systems. */
    public static void register(org.apache.hadoop.conf.Configuration conf) {
        conf.set("fs." + SCHEME + ".impl", CountingLocalFileSystem.class.getName());
        conf.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
    }

    /** Opens so far of files whose path contains {@code fragment}. */
    public static long opensOf(String fragment) {
        return OPENS.entrySet().stream().filter(e -> e.getKey().contains(fragment))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    public static void reset() {
        OPENS.clear();
    }

    /**
     * Opens of the files of partition {@code date} under {@code root} (a {@link #SCHEME} URI) for loading the folder
     * and reading every row once: the baseline a read-once check compares with. Resets the counts first.
     */
    public static long opensOfOneScan(org.apache.spark.sql.SparkSession spark, String root, java.time.LocalDate date) {
        reset();
        spark.read().parquet(root + "/date=" + date).foreach(row -> { });
        return opensOf("date=" + date);
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
        return plain(super.getFileStatus(f));
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
        FileStatus[] statuses = super.listStatus(f);
        for (int i = 0; i < statuses.length; i++) {
            statuses[i] = plain(statuses[i]);
        }
        return statuses;
    }

    /** The status without the local file system's lazy permission lookup (which insists on file: paths). */
    private static FileStatus plain(FileStatus s) {
        return new FileStatus(s.getLen(), s.isDirectory(), s.getReplication(), s.getBlockSize(),
                s.getModificationTime(), s.getPath());
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        OPENS.computeIfAbsent(f.toUri().getPath(), p -> new AtomicLong()).incrementAndGet();
        return super.open(f, bufferSize);
    }
}
