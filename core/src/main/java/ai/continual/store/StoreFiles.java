package ai.continual.store;

import ai.continual.fault.CrashPoints;
import ai.continual.secrets.Redaction;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * The store's file operations on one Hadoop FileSystem, shared by the model store and its lease manager: the
 * canonical root, whole-file publication of small JSON files, content checksums and messages that name the path.
 *
 * <p>Small metadata files (manifest, alias pointer, lease) are published whole. On the local file system and HDFS
 * they are written to a temporary name and renamed (no-overwrite for manifests and leases, overwrite for aliases),
 * which both guarantee atomically. On S3A a file becomes visible only when its single PUT completes, so it is
 * written in place; S3A 3.3.4's no-overwrite create is check-then-put, not atomic, so on S3 the writer lease is
 * what keeps two writers apart.
 */
final class StoreFiles {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    final FileSystem fs;
    final Configuration conf;
    /** The store's root, qualified: one spelling per store. */
    final Path root;

    StoreFiles(String rootUri, Configuration hadoopConf) {
        String shown = Redaction.uris(rootUri);
        if (Redaction.hasUriCredentials(rootUri)) {
            // Refused before Hadoop sees it: Hadoop's own error logging would print the URI whole.
            throw new StoreException("The model store URI '" + shown + "' holds credentials; remove them and set"
                    + " them as Hadoop settings (spark.hadoop.fs.s3a.access.key / secret.key) instead.");
        }
        if (rootUri == null || rootUri.isBlank()) {
            throw new StoreException("The model store URI is empty; set 'store' in the config (file:, hdfs:// or s3a://).");
        }
        try {
            Path path = new Path(rootUri);
            this.fs = path.getFileSystem(hadoopConf);
            // makeQualified gives one spelling for /x, /x/, file:/x and file:///x (and resolves relative paths).
            this.root = fs.makeQualified(path);
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreException("Cannot open the model store at '" + shown + "': "
                    + Redaction.uris(e.getMessage())
                    + ". Check the 'store' URI (file:, hdfs:// or s3a://) and its credentials.", e);
        }
        this.conf = hadoopConf;
    }

    String where(Path path) {
        return Redaction.uris(path.toString());
    }

    StoreException failure(String what, Path path, IOException e) {
        return new StoreException(what + " " + where(path) + ": " + Redaction.uris(e.getMessage())
                + ". Check that the store URI is reachable and that this user may read and write it.", e);
    }

    boolean exists(Path path) {
        try {
            return fs.exists(path);
        } catch (IOException e) {
            throw failure("Cannot read", path, e);
        }
    }

    /** The JSON file at {@code path} as {@code type}, empty when it does not exist. */
    <T> Optional<T> readJson(Path path, Class<T> type) throws IOException {
        try (InputStream in = fs.open(path)) {
            return Optional.of(JSON.readValue(in, type));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Hex SHA-256 of the file's bytes. */
    String sha256(Path file) {
        try (InputStream in = fs.open(file)) {
            return DigestUtils.sha256Hex(in);
        } catch (FileNotFoundException e) {
            throw new StoreException("File " + where(file) + " is missing.", e);
        } catch (IOException e) {
            throw failure("Cannot read", file, e);
        }
    }

    /**
     * Paths relative to {@code dir} of every file under {@code target} (itself when it is a file), sorted, without
     * hidden files (Hadoop's {@code .crc} side files): the files a checksum covers.
     */
    List<String> filesUnder(Path dir, Path target) {
        List<String> files = new ArrayList<>();
        try {
            FileStatus status = fs.getFileStatus(target);
            collect(status, dir.toUri().getPath(), files);
        } catch (FileNotFoundException e) {
            throw new StoreException(where(target) + " is missing.", e);
        } catch (IOException e) {
            throw failure("Cannot list", target, e);
        }
        files.sort(String::compareTo);
        return files;
    }

    private void collect(FileStatus status, String base, List<String> files) throws IOException {
        String name = status.getPath().getName();
        if (name.startsWith(".")) {
            return;
        }
        if (status.isFile()) {
            String path = status.getPath().toUri().getPath();
            files.add(path.substring(base.length() + 1));
            return;
        }
        for (FileStatus child : fs.listStatus(status.getPath())) {
            collect(child, base, files);
        }
    }

    private boolean objectStore() {
        return fs.getScheme().startsWith("s3");
    }

    private boolean localFileSystem() {
        return fs instanceof LocalFileSystem || "file".equals(fs.getScheme());
    }

    /**
     * Makes {@code bytes} visible at {@code target} in one step: readers see no file or the whole file.
     * Without {@code overwrite} an existing target fails with a FileAlreadyExistsException.
     */
    void publish(Path target, byte[] bytes, boolean overwrite, String crashPoint) throws IOException {
        if (objectStore()) {
            CrashPoints.reach(crashPoint);
            // S3A uploads on close(): the object appears whole or not at all.
            try (FSDataOutputStream out = fs.create(target, overwrite)) {
                out.write(bytes);
            }
            return;
        }
        Path temp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        if (localFileSystem()) {
            java.nio.file.Path dst = Paths.get(fs.makeQualified(target).toUri());
            java.nio.file.Path tmp = Paths.get(fs.makeQualified(temp).toUri());
            Files.createDirectories(dst.getParent());
            Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            CrashPoints.reach(crashPoint);
            try {
                if (overwrite) {
                    Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    // link(2) fails if the target exists: an atomic no-overwrite rename.
                    Files.createLink(dst, tmp);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            // A checksum side file left by a Hadoop write of an earlier version of the file would no longer match.
            Files.deleteIfExists(dst.resolveSibling("." + dst.getFileName() + ".crc"));
            return;
        }
        fs.mkdirs(target.getParent());
        try (FSDataOutputStream out = fs.create(temp, false)) {
            out.write(bytes);
        }
        CrashPoints.reach(crashPoint);
        FileContext context = FileContext.getFileContext(fs.getUri(), conf);
        try {
            context.rename(temp, target, overwrite ? Options.Rename.OVERWRITE : Options.Rename.NONE);
        } finally {
            if (fs.exists(temp)) {
                fs.delete(temp, false);
            }
        }
    }
}
