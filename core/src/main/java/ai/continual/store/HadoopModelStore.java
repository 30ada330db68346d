package ai.continual.store;

import ai.continual.fault.CrashPoints;
import ai.continual.provenance.VersionManifest;
import ai.continual.secrets.Redaction;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.dataset.api.preprocessor.serializer.NormalizerSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model store on any Hadoop FileSystem (local, HDFS, S3A). Layout under {@code <root>/<model>/}:
 * {@code versions/<NNNNNN>/{model.zip, normalizer.bin, <name>.ndarray..., manifest.json}}, {@code aliases/<name>.json}
 * and the writer lease {@code _lease.json}.
 *
 * <p>Small metadata files (manifest, alias pointer, lease) are published whole. On the local file
 * system and HDFS they are written to a temporary name and renamed (no-overwrite for manifests and
 * leases, overwrite for aliases), which both guarantee atomically. On S3A a file becomes visible
 * only when its single PUT completes, so it is written in place; S3A 3.3.4's no-overwrite create is
 * check-then-put, not atomic, so on S3 the writer lease is what keeps two writers apart.
 */
public final class HadoopModelStore implements ModelStore {

    public static final String MODEL_FILE = "model.zip";
    public static final String NORMALIZER_FILE = "normalizer.bin";
    public static final String MANIFEST_FILE = "manifest.json";
    public static final String LEASE_FILE = "_lease.json";
    public static final String ALIASES_DIR = "aliases";
    /** Suffix of the files holding a version's named arrays ({@link StoredModel#arrays()}). */
    public static final String ARRAY_SUFFIX = ".ndarray";
    private static final Pattern ARRAY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private static final Logger LOG = LoggerFactory.getLogger(HadoopModelStore.class);
    private static final Pattern VERSION_DIR = Pattern.compile("\\d{6,}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final FileSystem fs;
    private final Configuration conf;
    private final Path root;
    private final String location;

    public HadoopModelStore(String rootUri, Configuration hadoopConf) {
        String shown = Redaction.uris(rootUri);
        if (Redaction.hasUriCredentials(rootUri)) {
            // Refused before Hadoop sees it: Hadoop's own error logging would print the URI whole.
            throw new StoreException("The model store URI '" + shown + "' holds credentials; remove them and set"
                    + " them as Hadoop settings (spark.hadoop.fs.s3a.access.key / secret.key) instead.");
        }
        try {
            Path path = new Path(rootUri);
            this.fs = path.getFileSystem(hadoopConf);
            this.root = fs.makeQualified(path);
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreException("Cannot open the model store at '" + shown + "': "
                    + Redaction.uris(e.getMessage())
                    + ". Check the 'store' URI (file:, hdfs:// or s3a://) and its credentials.", e);
        }
        this.conf = hadoopConf;
        this.location = Redaction.uris(root.toString());
    }

    /** JSON mapper used for manifests, shared so every writer renders them the same way. */
    public static ObjectMapper json() {
        return JSON;
    }

    @Override
    public String location() {
        return location;
    }

    private Path modelDir(String model) {
        if (!NAME.matcher(model).matches() || model.contains("..")) {
            throw new StoreException("Model name '" + model + "' may only contain letters, digits, '.', '_' and '-'"
                    + " (no '/', no '..'); fix model-name in the config.");
        }
        return new Path(root, model);
    }

    @Override
    public String versionLocation(String model, int version) {
        return versionDir(model, version).toString();
    }

    Path versionDir(String model, int version) {
        return new Path(new Path(modelDir(model), "versions"), String.format("%06d", version));
    }

    private Path aliasPath(String model, String alias) {
        if (!NAME.matcher(alias).matches() || alias.contains("..")) {
            throw new StoreException("Alias '" + alias + "' may only contain letters, digits, '.', '_' and '-'.");
        }
        return new Path(new Path(modelDir(model), ALIASES_DIR), alias + ".json");
    }

    private Path leasePath(String model) {
        return new Path(modelDir(model), LEASE_FILE);
    }

    private boolean objectStore() {
        return fs.getScheme().startsWith("s3");
    }

    private boolean localFileSystem() {
        return fs instanceof LocalFileSystem || "file".equals(fs.getScheme());
    }

    private String where(Path path) {
        return Redaction.uris(path.toString());
    }

    private StoreException failure(String what, Path path, IOException e) {
        return new StoreException(what + " " + where(path) + ": " + Redaction.uris(e.getMessage())
                + ". Check that the store URI is reachable and that this user may read and write it.", e);
    }

    @Override
    public List<Integer> versions(String model) {
        List<Integer> committed = new ArrayList<>();
        for (int version : versionFolders(model)) {
            Path manifest = new Path(versionDir(model, version), MANIFEST_FILE);
            try {
                if (fs.exists(manifest)) {
                    committed.add(version);
                }
            } catch (IOException e) {
                throw failure("Cannot read", manifest, e);
            }
        }
        return committed;
    }

    @Override
    public List<Integer> uncommittedVersions(String model) {
        List<Integer> committed = versions(model);
        return versionFolders(model).stream().filter(v -> !committed.contains(v)).toList();
    }

    /** Every numbered version folder, committed or not, ascending. */
    private List<Integer> versionFolders(String model) {
        Path dir = new Path(modelDir(model), "versions");
        List<Integer> numbers = new ArrayList<>();
        try {
            if (!fs.exists(dir)) {
                return numbers;
            }
            for (FileStatus status : fs.listStatus(dir)) {
                String name = status.getPath().getName();
                if (status.isDirectory() && VERSION_DIR.matcher(name).matches()) {
                    numbers.add(Integer.parseInt(name));
                }
            }
        } catch (IOException e) {
            throw failure("Cannot list", dir, e);
        }
        numbers.sort(Integer::compare);
        return numbers;
    }

    @Override
    public VersionManifest manifest(String model, int version) {
        Path path = new Path(versionDir(model, version), MANIFEST_FILE);
        VersionManifest manifest;
        try (InputStream in = fs.open(path)) {
            manifest = JSON.readValue(in, VersionManifest.class);
        } catch (FileNotFoundException e) {
            throw new StoreException("Version " + version + " of model '" + model + "' is not committed: "
                    + where(path) + " does not exist. Run 'models list' to see the committed versions.", e);
        } catch (IOException e) {
            throw failure("Cannot read manifest", path, e);
        }
        if (manifest.formatVersion() > VersionManifest.CURRENT_FORMAT) {
            throw new StoreException("Manifest " + where(path) + " has store format " + manifest.formatVersion()
                    + " but this job reads format " + VersionManifest.CURRENT_FORMAT + " at most;"
                    + " upgrade the job to read models written by a newer release.");
        }
        return manifest;
    }

    @Override
    public StoredModel load(String model, int version) {
        VersionManifest manifest = manifest(model, version);
        Path dir = versionDir(model, version);
        Path modelPath = new Path(dir, MODEL_FILE);
        MultiLayerNetwork network;
        try (InputStream in = fs.open(modelPath)) {
            network = ModelSerializer.restoreMultiLayerNetwork(in, true);
        } catch (IOException | RuntimeException e) {
            throw new StoreException("Cannot load " + where(modelPath) + " (version " + version + " of '" + model
                    + "'): " + Redaction.uris(e.getMessage())
                    + ". The file is missing or damaged; other versions are unaffected.", e);
        }
        Path normalizerPath = new Path(dir, NORMALIZER_FILE);
        NormalizerStandardize normalizer;
        try (InputStream in = fs.open(normalizerPath)) {
            normalizer = NormalizerSerializer.getDefault().restore(in);
        } catch (Exception e) {
            throw new StoreException("Cannot load " + where(normalizerPath) + ": " + Redaction.uris(e.getMessage())
                    + ". The file is missing or damaged; other versions are unaffected.", e);
        }
        return new StoredModel(network, normalizer, manifest, readArrays(dir));
    }

    private java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> readArrays(Path dir) {
        java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> arrays = new java.util.TreeMap<>();
        try {
            for (FileStatus status : fs.listStatus(dir)) {
                String name = status.getPath().getName();
                if (status.isFile() && name.endsWith(ARRAY_SUFFIX)) {
                    try (java.io.DataInputStream in = new java.io.DataInputStream(fs.open(status.getPath()))) {
                        arrays.put(name.substring(0, name.length() - ARRAY_SUFFIX.length()),
                                org.nd4j.linalg.factory.Nd4j.read(in));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new StoreException("Cannot read the arrays stored in " + dir + ": " + e.getMessage(), e);
        }
        return arrays;
    }

    @Override
    public PendingVersion begin(String model) {
        List<Integer> folders = versionFolders(model);
        int next = folders.isEmpty() ? 1 : folders.get(folders.size() - 1) + 1;
        Path dir = versionDir(model, next);
        try {
            fs.mkdirs(dir);
        } catch (IOException e) {
            throw new StoreException("Cannot create " + where(dir) + ": " + Redaction.uris(e.getMessage())
                    + ". Check that the 'store' URI is writable.", e);
        }
        return new PendingVersion(model, next);
    }

    @Override
    public void commit(PendingVersion pending, StoredModel model) {
        Path dir = versionDir(pending.model(), pending.version());
        Path manifestPath = new Path(dir, MANIFEST_FILE);
        byte[] manifest;
        try {
            manifest = JSON.writeValueAsBytes(model.manifest());
        } catch (IOException e) {
            throw new StoreException("Cannot serialise the manifest of version " + pending.version(), e);
        }
        try {
            if (fs.exists(manifestPath)) {
                throw conflict(pending, manifestPath, null);
            }
            fs.mkdirs(dir);
            CrashPoints.reach("commit.begin");
            try (OutputStream out = fs.create(new Path(dir, MODEL_FILE), true)) {
                ModelSerializer.writeModel(model.network(), out, true);
            }
            CrashPoints.reach("commit.after-model");
            try (OutputStream out = fs.create(new Path(dir, NORMALIZER_FILE), true)) {
                NormalizerSerializer.getDefault().write(model.normalizer(), out);
            }
            for (var array : model.arrays().entrySet()) {
                if (!ARRAY_NAME.matcher(array.getKey()).matches()) {
                    throw new StoreException("Array name '" + array.getKey() + "' may only hold letters, digits,"
                            + " '.', '_' and '-'");
                }
                try (java.io.DataOutputStream out = new java.io.DataOutputStream(
                        fs.create(new Path(dir, array.getKey() + ARRAY_SUFFIX), true))) {
                    org.nd4j.linalg.factory.Nd4j.write(array.getValue(), out);
                }
            }
            CrashPoints.reach("commit.after-normalizer");
            publish(manifestPath, manifest, false, "commit.before-manifest");
            CrashPoints.reach("commit.after-manifest");
        } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
            throw conflict(pending, manifestPath, e);
        } catch (IOException e) {
            throw new StoreException("Cannot write version " + pending.version() + " to " + where(dir) + ": "
                    + Redaction.uris(e.getMessage()) + ". Nothing was committed; check that the store is writable.", e);
        }
        LOG.info("Committed {} version {} at {}", pending.model(), pending.version(), where(dir));
    }

    private CommitConflictException conflict(PendingVersion pending, Path manifestPath, Exception cause) {
        return new CommitConflictException("Version " + pending.version() + " of '" + pending.model()
                + "' was committed by another writer (" + where(manifestPath) + " exists)", cause);
    }

    /**
     * Makes {@code bytes} visible at {@code target} in one step: readers see no file or the whole file.
     * Without {@code overwrite} an existing target fails with a FileAlreadyExistsException.
     */
    private void publish(Path target, byte[] bytes, boolean overwrite, String crashPoint) throws IOException {
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

    @Override
    public List<Integer> removeUncommitted(String model) {
        List<Integer> removed = new ArrayList<>();
        for (int version : uncommittedVersions(model)) {
            Path dir = versionDir(model, version);
            try {
                fs.delete(dir, true);
            } catch (IOException e) {
                throw failure("Cannot remove the crashed attempt", dir, e);
            }
            removed.add(version);
        }
        Path modelDir = modelDir(model);
        Path aliases = new Path(modelDir, ALIASES_DIR);
        try {
            for (Path dir : List.of(modelDir, aliases)) {
                if (!fs.exists(dir)) {
                    continue;
                }
                for (FileStatus status : fs.listStatus(dir)) {
                    String name = status.getPath().getName();
                    if (status.isFile() && (name.endsWith(".tmp") || name.startsWith("_lease.expired-"))) {
                        fs.delete(status.getPath(), false);
                    }
                }
            }
            Path exports = new Path(modelDir, "_tmp");
            if (fs.exists(exports)) {
                fs.delete(exports, true);
            }
        } catch (IOException e) {
            throw failure("Cannot clean temporary files under", modelDir, e);
        }
        if (!removed.isEmpty()) {
            LOG.warn("Removed the folders of crashed, uncommitted attempts {} of '{}'", removed, model);
        }
        return removed;
    }

    @Override
    public void deleteVersion(String model, int version) {
        Map<String, Integer> aliases = aliases(model);
        aliases.forEach((alias, target) -> {
            if (target == version) {
                throw new StoreException("Version " + version + " of '" + model + "' is the '" + alias
                        + "' alias; promote another version first.");
            }
        });
        Path dir = versionDir(model, version);
        try {
            // The manifest goes first: once it is gone the version is no longer listed or loaded.
            fs.delete(new Path(dir, MANIFEST_FILE), false);
            CrashPoints.reach("gc.after-uncommit");
            fs.delete(dir, true);
        } catch (IOException e) {
            throw failure("Cannot delete", dir, e);
        }
        LOG.info("Deleted version {} of '{}'", version, model);
    }

    @Override
    public Optional<AliasPointer> alias(String model, String alias) {
        Path path = aliasPath(model, alias);
        try (InputStream in = fs.open(path)) {
            return Optional.of(JSON.readValue(in, AliasPointer.class));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("Cannot read alias", path, e);
        }
    }

    @Override
    public Map<String, Integer> aliases(String model) {
        Map<String, Integer> result = new TreeMap<>();
        Path dir = new Path(modelDir(model), ALIASES_DIR);
        try {
            if (!fs.exists(dir)) {
                return result;
            }
            for (FileStatus status : fs.listStatus(dir)) {
                String name = status.getPath().getName();
                if (name.endsWith(".json") && !name.startsWith(".")) {
                    String alias = name.substring(0, name.length() - ".json".length());
                    alias(model, alias).ifPresent(p -> result.put(alias, p.version()));
                }
            }
        } catch (IOException e) {
            throw failure("Cannot list aliases under", dir, e);
        }
        return result;
    }

    @Override
    public AliasPointer moveAlias(String model, String alias, int version, String action, String by) {
        Path path = aliasPath(model, alias);
        if (!versions(model).contains(version)) {
            throw new StoreException("Cannot point alias '" + alias + "' at version " + version + " of '" + model
                    + "': that version is not committed. Committed versions: " + versions(model) + ".");
        }
        String now = Instant.now().toString();
        List<AliasPointer.Change> history = new ArrayList<>(alias(model, alias).map(AliasPointer::history)
                .orElse(List.of()));
        history.add(new AliasPointer.Change(action, version, now, by));
        AliasPointer pointer = new AliasPointer(model, alias, version, now, history);
        try {
            CrashPoints.reach("alias.before-write");
            publish(path, JSON.writeValueAsBytes(pointer), true, "alias.before-publish");
            CrashPoints.reach("alias.after-publish");
        } catch (IOException e) {
            throw failure("Cannot write alias", path, e);
        }
        LOG.info("Alias '{}' of '{}' now points at version {} ({})", alias, model, version, action);
        return pointer;
    }

    @Override
    public Optional<LeaseRecord> lease(String model) {
        Path path = leasePath(model);
        try (InputStream in = fs.open(path)) {
            return Optional.of(JSON.readValue(in, LeaseRecord.class));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            // A lease file that does not parse was written by something else; treat it as held until
            // its modification time plus an hour, so that it can still be taken over.
            try {
                Instant modified = Instant.ofEpochMilli(fs.getFileStatus(path).getModificationTime());
                return Optional.of(new LeaseRecord("unknown (unreadable lease file)", "unknown",
                        modified.toString(), modified.plus(Duration.ofHours(1)).toString()));
            } catch (FileNotFoundException gone) {
                return Optional.empty();
            } catch (IOException again) {
                throw failure("Cannot read the lease", path, again);
            }
        }
    }

    @Override
    public WriterLease acquireLease(String model, String purpose, Duration ttl) {
        Path path = leasePath(model);
        for (int attempt = 0; attempt < 3; attempt++) {
            Instant now = Instant.now();
            LeaseRecord record = new LeaseRecord(ownerId(), purpose, now.toString(), now.plus(ttl).toString());
            try {
                fs.mkdirs(path.getParent());
                publish(path, JSON.writeValueAsBytes(record), false, "lease.before-publish");
                CrashPoints.reach("lease.acquired");
                LOG.info("Took the writer lease of '{}' until {}", model, record.expiresAt());
                return new HeldLease(model, path, record);
            } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
                Optional<LeaseRecord> existing = lease(model);
                if (existing.isEmpty()) {
                    continue;
                }
                LeaseRecord held = existing.get();
                if (!held.expiredAt(now)) {
                    throw new LeaseHeldException("Model '" + model + "' is being written by " + held.owner()
                            + " (" + held.purpose() + ", since " + held.startedAt() + "); its lease " + where(path)
                            + " holds until " + held.expiresAt() + ". Wait for that run to finish; if it died, the"
                            + " next run after " + held.expiresAt() + " takes the lease over, or delete "
                            + where(path) + " once you are sure no run is active.");
                }
                takeOver(path, held);
            } catch (IOException e) {
                throw failure("Cannot write the lease", path, e);
            }
        }
        throw new LeaseHeldException("Could not take the writer lease " + where(path)
                + " after 3 attempts: other writers are racing for it. Retry later.");
    }

    /** Moves an expired lease aside; of several takers only one rename succeeds (on HDFS and locally). */
    private void takeOver(Path path, LeaseRecord expired) {
        Path aside = new Path(path.getParent(), "_lease.expired-" + UUID.randomUUID());
        try {
            if (fs.rename(path, aside)) {
                fs.delete(aside, false);
                LOG.warn("Took over the expired writer lease of {} (expired {})", expired.owner(), expired.expiresAt());
            }
        } catch (FileNotFoundException e) {
            // Someone else moved it first; the next attempt sees their lease.
        } catch (IOException e) {
            throw failure("Cannot take over the expired lease", path, e);
        }
    }

    private static String ownerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return host + "/pid-" + ManagementFactory.getRuntimeMXBean().getPid() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The lease taken by this process. */
    private final class HeldLease implements WriterLease {
        private final String model;
        private final Path path;
        private final LeaseRecord record;
        private boolean released;

        HeldLease(String model, Path path, LeaseRecord record) {
            this.model = model;
            this.path = path;
            this.record = record;
        }

        @Override
        public LeaseRecord record() {
            return record;
        }

        @Override
        public synchronized void close() {
            if (released) {
                return;
            }
            released = true;
            Optional<LeaseRecord> current = lease(model);
            if (current.isPresent() && current.get().owner().equals(record.owner())) {
                try {
                    fs.delete(path, false);
                    LOG.info("Released the writer lease of '{}'", model);
                } catch (IOException e) {
                    throw failure("Cannot release the lease", path, e);
                }
            } else {
                LOG.warn("The writer lease of '{}' was taken over by {} while this run held it",
                        model, current.map(LeaseRecord::owner).orElse("nobody"));
            }
        }
    }
}
