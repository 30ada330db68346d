package ai.continual.job.data;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * A dataset root on any Hadoop FileSystem holding one folder per partition, {@code <root>/date=YYYY-MM-DD/}.
 */
public final class PartitionLayout {

    private static final String PREFIX = "date=";

    private final FileSystem fs;
    private final Path root;

    public PartitionLayout(String rootUri, Configuration hadoopConf) {
        try {
            Path path = new Path(rootUri);
            this.fs = path.getFileSystem(hadoopConf);
            this.root = fs.makeQualified(path);
        } catch (IOException | IllegalArgumentException e) {
            throw new DataContractException("Cannot open dataset root '" + rootUri + "': " + e.getMessage()
                    + ". Check data.root (file:, hdfs:// or s3a://).", e);
        }
    }

    public String root() {
        return root.toString();
    }

    /** Folder of one partition. */
    public Path partitionPath(LocalDate date) {
        return new Path(root, PREFIX + date);
    }

    /** All partition dates under the root, ascending. Folders not named date=YYYY-MM-DD are ignored. */
    public List<LocalDate> dates() {
        List<LocalDate> dates = new ArrayList<>();
        try {
            if (!fs.exists(root)) {
                throw new DataContractException("Dataset root " + root + " does not exist; check data.root.");
            }
            for (FileStatus status : fs.listStatus(root)) {
                String name = status.getPath().getName();
                if (status.isDirectory() && name.startsWith(PREFIX)) {
                    try {
                        dates.add(LocalDate.parse(name.substring(PREFIX.length())));
                    } catch (DateTimeParseException e) {
                        throw new DataContractException("Partition folder " + status.getPath()
                                + " is not named date=YYYY-MM-DD; rename or remove it.");
                    }
                }
            }
        } catch (IOException e) {
            throw new DataContractException("Cannot list dataset root " + root + ": " + e.getMessage(), e);
        }
        dates.sort(LocalDate::compareTo);
        return dates;
    }

    /**
     * Data files of a partition (hidden and '_' files such as _SUCCESS excluded), their total size, and their
     * identity: every file's path below the partition, size and modification time, so a rewritten partition
     * is told apart from the one a version was trained on.
     */
    public PartitionFiles files(LocalDate date) {
        Path dir = partitionPath(date);
        long bytes = 0;
        int count = 0;
        List<String> identity = new ArrayList<>();
        String prefix = fs.makeQualified(dir).toUri().getPath() + "/";
        try {
            if (!fs.exists(dir)) {
                throw new DataContractException("Partition " + PREFIX + date + " does not exist under " + root
                        + ". Partitions found: " + summarize(dates()) + ".");
            }
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
            while (it.hasNext()) {
                LocatedFileStatus file = it.next();
                String name = file.getPath().getName();
                if (!name.startsWith("_") && !name.startsWith(".")) {
                    bytes += file.getLen();
                    count++;
                    identity.add(file.getPath().toUri().getPath().replace(prefix, "") + "\t" + file.getLen()
                            + "\t" + file.getModificationTime());
                }
            }
        } catch (IOException e) {
            throw new DataContractException("Cannot list partition " + dir + ": " + e.getMessage(), e);
        }
        identity.sort(String::compareTo);
        return new PartitionFiles(date, dir.toString(), count, bytes,
                org.apache.commons.codec.digest.DigestUtils.sha256Hex(String.join("\n", identity)));
    }

    private static String summarize(List<LocalDate> dates) {
        if (dates.isEmpty()) {
            return "none";
        }
        if (dates.size() <= 6) {
            return dates.toString();
        }
        return dates.get(0) + " .. " + dates.get(dates.size() - 1) + " (" + dates.size() + " partitions)";
    }

    /**
     * The files of one partition: folder, number of data files and their bytes.
     *
     * @param identity SHA-256 of the data files' relative paths, sizes and modification times
     */
    public record PartitionFiles(LocalDate date, String path, int fileCount, long bytes, String identity) {}
}
