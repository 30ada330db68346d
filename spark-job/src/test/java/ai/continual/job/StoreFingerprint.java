package ai.continual.job;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Content hashes of every file under a model's store folder, to prove a failed run changed nothing. */
public final class StoreFingerprint {

    private StoreFingerprint() {}

    /** Path (relative) to SHA-256 of every file below {@code root}, except the transient lease. */
    public static Map<String, String> of(String root, Configuration conf) {
        Map<String, String> result = new TreeMap<>();
        try {
            Path base = new Path(root);
            FileSystem fs = base.getFileSystem(conf);
            if (!fs.exists(base)) {
                return result;
            }
            String prefix = fs.makeQualified(base).toString();
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(base, true);
            while (files.hasNext()) {
                Path path = files.next().getPath();
                if (path.getName().equals("_lease.json")) {
                    continue;
                }
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                try (InputStream in = fs.open(path)) {
                    digest.update(in.readAllBytes());
                }
                result.put(path.toString().substring(prefix.length()), HexFormat.of().formatHex(digest.digest()));
            }
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return result;
    }
}
