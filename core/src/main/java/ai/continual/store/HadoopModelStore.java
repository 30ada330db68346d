package ai.continual.store;

import ai.continual.fault.CrashPoints;
import ai.continual.provenance.StoredArtifact;
import ai.continual.provenance.VersionManifest;
import ai.continual.secrets.Redaction;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.dataset.api.preprocessor.serializer.NormalizerSerializer;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model store on any Hadoop FileSystem (local, HDFS, S3A). Layout under {@code <root>/<model>/}:
 * {@code versions/<NNNNNN>/{model.zip, normalizer.bin, <name>.ndarray..., <artifact folders>, manifest.json}},
 * {@code aliases/<name>.json}, {@code quarantine/<NNNNNN>-<time>/} (folders moved aside, with a {@code .reason}
 * file beside each), {@code _high-water} (the highest version number ever reserved) and the writer lease
 * {@code _lease.json} (see {@link HadoopLeaseManager}). docs/model-store.md describes the guarantees.
 */
public final class HadoopModelStore implements ModelStore {

    public static final String MODEL_FILE = "model.zip";
    public static final String NORMALIZER_FILE = "normalizer.bin";
    public static final String MANIFEST_FILE = "manifest.json";
    public static final String ALIASES_DIR = "aliases";
    public static final String QUARANTINE_DIR = "quarantine";
    public static final String HIGH_WATER_FILE = "_high-water";
    /** Suffix of the files holding a version's named arrays ({@link StoredModel#arrays()}). */
    public static final String ARRAY_SUFFIX = ".ndarray";
    /** Who a roll-forward alias move is recorded as. */
    public static final String ROLL_FORWARD_BY = "roll-forward";

    private static final Pattern ARRAY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Logger LOG = LoggerFactory.getLogger(HadoopModelStore.class);
    private static final Pattern VERSION_DIR = Pattern.compile("\\d{6,}");
    private static final Pattern QUARANTINED_DIR = Pattern.compile("(\\d{6,})-(\\S+)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final StoreFiles files;
    private final String location;

    /** Opens the store at {@code rootUri}; every spelling of one folder ({@code /x}, {@code file:///x/}) is one store. */
    public HadoopModelStore(String rootUri, Configuration hadoopConf) {
        this.files = new StoreFiles(rootUri, hadoopConf);
        this.location = Redaction.uris(files.root.toString());
    }

    /** JSON mapper used for manifests, shared so every writer renders them the same way. */
    public static ObjectMapper json() {
        return StoreFiles.JSON;
    }

    /** The writer leases of this store's models, each held for {@code ttl} past its holder's last heartbeat. */
    public LeaseManager leases(Duration ttl) {
        return new HadoopLeaseManager(files, ttl);
    }

    @Override
    public String location() {
        return location;
    }

    static Path modelDir(Path root, String model) {
        if (model == null || !NAME.matcher(model).matches() || model.contains("..")) {
            throw new StoreException("Model name '" + model + "' may only contain letters, digits, '.', '_' and '-'"
                    + " (no '/', no '..'); fix model-name in the config.");
        }
        return new Path(root, model);
    }

    private Path modelDir(String model) {
        return modelDir(files.root, model);
    }

    Path versionDir(String model, int version) {
        return new Path(new Path(modelDir(model), "versions"), String.format("%06d", version));
    }

    private Path aliasPath(String model, String alias) {
        if (alias == null || !NAME.matcher(alias).matches() || alias.contains("..")) {
            throw new StoreException("Alias '" + alias + "' may only contain letters, digits, '.', '_' and '-'.");
        }
        return new Path(new Path(modelDir(model), ALIASES_DIR), alias + ".json");
    }

    @Override
    public boolean hasModel(String model) {
        return files.exists(modelDir(model));
    }

    @Override
    public List<Integer> versions(String model) {
        List<Integer> committed = new ArrayList<>();
        for (int version : versionFolders(model)) {
            if (files.exists(new Path(versionDir(model, version), MANIFEST_FILE))) {
                committed.add(version);
            }
        }
        return committed;
    }

    /** Every numbered version folder, committed or not, ascending. */
    private List<Integer> versionFolders(String model) {
        Path dir = new Path(modelDir(model), "versions");
        List<Integer> numbers = new ArrayList<>();
        try {
            if (!files.fs.exists(dir)) {
                return numbers;
            }
            for (FileStatus status : files.fs.listStatus(dir)) {
                String name = status.getPath().getName();
                if (status.isDirectory() && VERSION_DIR.matcher(name).matches()) {
                    numbers.add(Integer.parseInt(name));
                }
            }
        } catch (IOException e) {
            throw files.failure("Cannot list", dir, e);
        }
        numbers.sort(Integer::compare);
        return numbers;
    }

    @Override
    public VersionManifest manifest(String model, int version) {
        Path path = new Path(versionDir(model, version), MANIFEST_FILE);
        VersionManifest manifest;
        try {
            manifest = files.readJson(path, VersionManifest.class).orElseThrow(() -> new StoreException("Version "
                    + version + " of model '" + model + "' is not committed: " + files.where(path) + " does not exist."
                    + " Run 'models list' to see the committed versions."));
        } catch (JsonProcessingException e) {
            throw new InvalidManifestException("Manifest " + files.where(path) + " does not parse: "
                    + e.getOriginalMessage() + ". Run 'models repair' to move the version aside into quarantine.", e);
        } catch (IOException e) {
            throw files.failure("Cannot read manifest", path, e);
        }
        if (manifest.formatVersion() > VersionManifest.CURRENT_FORMAT) {
            throw new StoreException("Manifest " + files.where(path) + " has store format " + manifest.formatVersion()
                    + " but this job reads format " + VersionManifest.CURRENT_FORMAT + " at most;"
                    + " upgrade the job to read models written by a newer release.");
        }
        List<String> problems = manifest.problems(model, version);
        if (!problems.isEmpty()) {
            throw new InvalidManifestException("Manifest " + files.where(path) + " is not valid: "
                    + String.join("; ", problems) + ". Run 'models repair' to move the version aside into quarantine.",
                    null);
        }
        return manifest;
    }

    @Override
    public StoredModel load(String model, int version) {
        VersionManifest manifest = manifest(model, version);
        Path dir = versionDir(model, version);
        verifyChecksums(manifest, dir);
        Path modelPath = new Path(dir, MODEL_FILE);
        MultiLayerNetwork network;
        try (InputStream in = files.fs.open(modelPath)) {
            network = ModelSerializer.restoreMultiLayerNetwork(in, true);
        } catch (IOException | RuntimeException e) {
            throw new StoreException("Cannot load " + files.where(modelPath) + " (version " + version + " of '" + model
                    + "'): " + Redaction.uris(e.getMessage())
                    + ". The file is missing or damaged; other versions are unaffected.", e);
        }
        Path normalizerPath = new Path(dir, NORMALIZER_FILE);
        NormalizerStandardize normalizer;
        try (InputStream in = files.fs.open(normalizerPath)) {
            normalizer = NormalizerSerializer.getDefault().restore(in);
        } catch (Exception e) {
            throw new StoreException("Cannot load " + files.where(normalizerPath) + ": "
                    + Redaction.uris(e.getMessage()) + ". The file is missing or damaged; other versions are unaffected.",
                    e);
        }
        return new StoredModel(network, normalizer, manifest, readArrays(dir));
    }

    /** Checks every file the manifest lists against its SHA-256 (format 1 manifests list none). */
    private void verifyChecksums(VersionManifest manifest, Path dir) {
        if (manifest.formatVersion() < 2) {
            LOG.debug("Version {} of '{}' was written by store format {}, without checksums", manifest.version(),
                    manifest.model(), manifest.formatVersion());
            return;
        }
        for (Map.Entry<String, String> entry : manifest.checksums().entrySet()) {
            Path file = new Path(dir, entry.getKey());
            String actual;
            try {
                actual = files.sha256(file);
            } catch (StoreException e) {
                throw new ChecksumMismatchException("File " + files.where(file) + " of version " + manifest.version()
                        + " of '" + manifest.model() + "' is listed in its manifest but cannot be read: "
                        + e.getMessage() + " Restore it from a backup, or promote another version.", e);
            }
            if (!actual.equals(entry.getValue())) {
                throw new ChecksumMismatchException("File " + files.where(file) + " of version " + manifest.version()
                        + " of '" + manifest.model() + "' is damaged: its SHA-256 is " + actual + " but the manifest"
                        + " recorded " + entry.getValue() + ". Restore it from a backup, or promote another version.",
                        null);
            }
        }
        for (StoredArtifact artifact : manifest.artifacts()) {
            if (artifact.sha256() != null && !artifact.sha256().equals(artifactDigest(dir, artifact, manifest.checksums()))) {
                throw new ChecksumMismatchException("The files of " + artifact.name() + " (" + files.where(
                        new Path(dir, artifact.file())) + ") do not match the list its manifest recorded. Restore the"
                        + " folder from a backup, or set replay.source = history.", null);
            }
        }
    }

    /** SHA-256 of an artifact: of the sorted lines {@code <relative path> <sha256>} of its files. */
    private static String artifactDigest(Path dir, StoredArtifact artifact, Map<String, String> checksums) {
        StringBuilder lines = new StringBuilder();
        String prefix = artifact.file();
        checksums.forEach((file, sha) -> {
            if (file.equals(prefix) || file.startsWith(prefix + "/")) {
                lines.append(file).append(' ').append(sha).append('\n');
            }
        });
        return DigestUtils.sha256Hex(lines.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, INDArray> readArrays(Path dir) {
        Map<String, INDArray> arrays = new TreeMap<>();
        try {
            for (FileStatus status : files.fs.listStatus(dir)) {
                String name = status.getPath().getName();
                if (status.isFile() && name.endsWith(ARRAY_SUFFIX)) {
                    try (DataInputStream in = new DataInputStream(files.fs.open(status.getPath()))) {
                        arrays.put(name.substring(0, name.length() - ARRAY_SUFFIX.length()), Nd4j.read(in));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new StoreException("Cannot read the arrays stored in " + files.where(dir) + ": " + e.getMessage(), e);
        }
        return arrays;
    }

    @Override
    public int nextVersion(String model) {
        List<Integer> folders = versionFolders(model);
        int highest = Math.max(folders.isEmpty() ? 0 : folders.get(folders.size() - 1), highWater(model));
        for (QuarantinedVersion q : quarantined(model)) {
            highest = Math.max(highest, q.version());
        }
        return highest + 1;
    }

    @Override
    public PendingVersion begin(String model) {
        int next = nextVersion(model);
        Path dir = versionDir(model, next);
        Path mark = new Path(modelDir(model), HIGH_WATER_FILE);
        try {
            files.fs.mkdirs(dir);
            files.publish(mark, Integer.toString(next).getBytes(StandardCharsets.UTF_8), true, "begin.before-high-water");
        } catch (IOException e) {
            throw new StoreException("Cannot create " + files.where(dir) + ": " + Redaction.uris(e.getMessage())
                    + ". Check that the 'store' URI is writable.", e);
        }
        return new PendingVersion(model, next, dir.toString());
    }

    private int highWater(String model) {
        Path mark = new Path(modelDir(model), HIGH_WATER_FILE);
        try (InputStream in = files.fs.open(mark)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return Integer.parseInt(text);
        } catch (FileNotFoundException e) {
            return 0;
        } catch (IOException | NumberFormatException e) {
            LOG.warn("Ignoring the unreadable high-water mark {}: {}", files.where(mark), e.getMessage());
            return 0;
        }
    }

    @Override
    public VersionManifest commit(PendingVersion pending, StoredModel model, Optional<String> promoteTo) {
        promoteTo.ifPresent(alias -> aliasPath(pending.model(), alias));
        Path dir = versionDir(pending.model(), pending.version());
        Path manifestPath = new Path(dir, MANIFEST_FILE);
        VersionManifest written;
        try {
            if (files.fs.exists(manifestPath)) {
                throw conflict(pending, manifestPath, null);
            }
            files.fs.mkdirs(dir);
            CrashPoints.reach("commit.begin");
            try (OutputStream out = files.fs.create(new Path(dir, MODEL_FILE), true)) {
                ModelSerializer.writeModel(model.network(), out, true);
            }
            CrashPoints.reach("commit.after-model");
            try (OutputStream out = files.fs.create(new Path(dir, NORMALIZER_FILE), true)) {
                NormalizerSerializer.getDefault().write(model.normalizer(), out);
            }
            List<String> fileNames = new ArrayList<>(List.of(MODEL_FILE, NORMALIZER_FILE));
            for (var array : model.arrays().entrySet()) {
                if (!ARRAY_NAME.matcher(array.getKey()).matches()) {
                    throw new StoreException("Array name '" + array.getKey() + "' may only hold letters, digits,"
                            + " '.', '_' and '-'");
                }
                String name = array.getKey() + ARRAY_SUFFIX;
                try (DataOutputStream out = new DataOutputStream(files.fs.create(new Path(dir, name), true))) {
                    Nd4j.write(array.getValue(), out);
                }
                fileNames.add(name);
            }
            CrashPoints.reach("commit.after-normalizer");
            written = withChecksums(model.manifest(), dir, fileNames, promoteTo);
            CrashPoints.reach("commit.after-checksums");
            files.publish(manifestPath, StoreFiles.JSON.writeValueAsBytes(written), false, "commit.before-manifest");
            CrashPoints.reach("commit.after-manifest");
        } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
            throw conflict(pending, manifestPath, e);
        } catch (IOException e) {
            throw new StoreException("Cannot write version " + pending.version() + " to " + files.where(dir) + ": "
                    + Redaction.uris(e.getMessage()) + ". Nothing was committed; check that the store is writable.", e);
        }
        LOG.info("Committed {} version {} at {}", pending.model(), pending.version(), files.where(dir));
        if (promoteTo.isPresent()) {
            // If this fails or the process dies here, the manifest's promoteTo makes the next rollForward move it.
            moveAlias(pending.model(), promoteTo.get(), pending.version(), "promote", "commit");
            CrashPoints.reach("commit.after-promote");
        }
        return written;
    }

    /** The manifest to write: the format of this code, the alias intent, the checksum of every file. */
    private VersionManifest withChecksums(VersionManifest manifest, Path dir, List<String> modelFiles,
                                          Optional<String> promoteTo) {
        Map<String, String> checksums = new TreeMap<>();
        for (String name : modelFiles) {
            checksums.put(name, files.sha256(new Path(dir, name)));
        }
        List<StoredArtifact> artifacts = new ArrayList<>();
        for (StoredArtifact artifact : manifest.artifacts()) {
            Path target = new Path(dir, artifact.file());
            List<String> dataFiles = files.filesUnder(dir, target);
            if (dataFiles.isEmpty()) {
                throw new StoreException("The " + artifact.name() + " listed in the manifest has no files at "
                        + files.where(target) + "; write it into the pending version's location before committing.");
            }
            for (String file : dataFiles) {
                checksums.put(file, files.sha256(new Path(dir, file)));
            }
            artifacts.add(artifact.withSha256(artifactDigest(dir, artifact, checksums)));
        }
        return manifest.toBuilder().formatVersion(Math.max(manifest.formatVersion(), VersionManifest.CURRENT_FORMAT))
                .artifacts(artifacts)
                .promoteTo(promoteTo.orElse(null)).checksums(checksums).build();
    }

    private CommitConflictException conflict(PendingVersion pending, Path manifestPath, Exception cause) {
        return new CommitConflictException("Version " + pending.version() + " of '" + pending.model()
                + "' was committed by another writer (" + files.where(manifestPath) + " exists)", cause);
    }

    @Override
    public List<AliasMove> rollForward(String model) {
        quarantineInvalid(model);
        removeTemporaryFiles(model);
        List<AliasMove> moves = new ArrayList<>();
        for (int version : versions(model)) {
            VersionManifest manifest = manifest(model, version);
            if (manifest.promotionIntent().isEmpty() || manifest.wasRejected()) {
                continue;
            }
            String alias = manifest.promoteTo();
            Optional<AliasPointer> pointer = alias(model, alias);
            boolean done = pointer.map(p -> p.history().stream().anyMatch(c -> c.version() >= version)).orElse(false);
            if (!done) {
                Integer from = pointer.map(AliasPointer::version).orElse(null);
                LOG.warn("Version {} of '{}' was committed to become '{}' but the alias was not moved (a crash or a"
                        + " failed write); moving it now", version, model, alias);
                moveAlias(model, alias, version, "promote", ROLL_FORWARD_BY);
                moves.add(new AliasMove(alias, version, from));
            }
        }
        return moves;
    }

    /** Deletes what no reader uses: half-published metadata files and training exports of crashed runs. */
    private void removeTemporaryFiles(String model) {
        Path modelDir = modelDir(model);
        try {
            for (Path dir : List.of(modelDir, new Path(modelDir, ALIASES_DIR), new Path(modelDir, QUARANTINE_DIR))) {
                if (!files.fs.exists(dir)) {
                    continue;
                }
                for (FileStatus status : files.fs.listStatus(dir)) {
                    String name = status.getPath().getName();
                    if (status.isFile() && name.startsWith(".") && name.endsWith(".tmp")) {
                        files.fs.delete(status.getPath(), false);
                    }
                }
            }
            Path exports = new Path(modelDir, "_tmp");
            if (files.fs.exists(exports)) {
                files.fs.delete(exports, true);
            }
        } catch (IOException e) {
            throw files.failure("Cannot clean temporary files under", modelDir, e);
        }
    }

    /** Moves every version folder without a valid manifest into quarantine. */
    private List<QuarantinedVersion> quarantineInvalid(String model) {
        List<QuarantinedVersion> moved = new ArrayList<>();
        for (int version : versionFolders(model)) {
            String reason;
            if (!files.exists(new Path(versionDir(model, version), MANIFEST_FILE))) {
                reason = "no " + MANIFEST_FILE + " (a crashed attempt, or a lost manifest)";
            } else {
                try {
                    manifest(model, version);
                    continue;
                } catch (InvalidManifestException e) {
                    reason = e.getMessage();
                }
            }
            moved.add(quarantine(model, version, reason));
        }
        return moved;
    }

    private QuarantinedVersion quarantine(String model, int version, String reason) {
        Path from = versionDir(model, version);
        Path dir = new Path(modelDir(model), QUARANTINE_DIR);
        Path to = new Path(dir, String.format("%06d", version) + "-" + STAMP.format(Instant.now()));
        try {
            files.fs.mkdirs(dir);
            files.publish(new Path(dir, to.getName() + ".reason"), reason.getBytes(StandardCharsets.UTF_8), false,
                    "quarantine.before-reason");
            CrashPoints.reach("quarantine.before-move");
            if (!files.fs.rename(from, to)) {
                throw new IOException("rename returned false");
            }
        } catch (IOException e) {
            throw files.failure("Cannot move aside into quarantine the version folder", from, e);
        }
        LOG.warn("Moved version folder {} of '{}' aside to {} (nothing deleted): {}", version, model,
                files.where(to), reason);
        return new QuarantinedVersion(version, files.where(to), reason);
    }

    @Override
    public List<QuarantinedVersion> quarantined(String model) {
        Path dir = new Path(modelDir(model), QUARANTINE_DIR);
        List<QuarantinedVersion> result = new ArrayList<>();
        try {
            if (!files.fs.exists(dir)) {
                return result;
            }
            for (FileStatus status : files.fs.listStatus(dir)) {
                Matcher m = QUARANTINED_DIR.matcher(status.getPath().getName());
                if (status.isDirectory() && m.matches()) {
                    Path reasonFile = new Path(dir, status.getPath().getName() + ".reason");
                    String reason;
                    try (InputStream in = files.fs.open(reasonFile)) {
                        reason = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (FileNotFoundException e) {
                        reason = "unknown";
                    }
                    result.add(new QuarantinedVersion(Integer.parseInt(m.group(1)), files.where(status.getPath()),
                            reason));
                }
            }
        } catch (IOException e) {
            throw files.failure("Cannot list", dir, e);
        }
        result.sort(java.util.Comparator.comparingInt(QuarantinedVersion::version)
                .thenComparing(QuarantinedVersion::folder));
        return result;
    }

    @Override
    public void deleteVersion(String model, int version) {
        aliases(model).forEach((alias, target) -> {
            if (target == version) {
                throw new StoreException("Version " + version + " of '" + model + "' is the '" + alias
                        + "' alias; promote another version first.");
            }
        });
        Path dir = versionDir(model, version);
        try {
            // The manifest goes first: once it is gone the version is no longer listed or loaded.
            files.fs.delete(new Path(dir, MANIFEST_FILE), false);
            CrashPoints.reach("gc.after-uncommit");
            files.fs.delete(dir, true);
        } catch (IOException e) {
            throw files.failure("Cannot delete", dir, e);
        }
        LOG.info("Deleted version {} of '{}'", version, model);
    }

    @Override
    public String artifactLocation(VersionManifest version, StoredArtifact artifact) {
        return new Path(versionDir(version.model(), version.version()), artifact.file()).toString();
    }

    @Override
    public Optional<AliasPointer> alias(String model, String alias) {
        Path path = aliasPath(model, alias);
        try {
            return files.readJson(path, AliasPointer.class);
        } catch (IOException e) {
            throw files.failure("Cannot read alias", path, e);
        }
    }

    @Override
    public Map<String, Integer> aliases(String model) {
        Map<String, Integer> result = new TreeMap<>();
        Path dir = new Path(modelDir(model), ALIASES_DIR);
        try {
            if (!files.fs.exists(dir)) {
                return result;
            }
            for (FileStatus status : files.fs.listStatus(dir)) {
                String name = status.getPath().getName();
                if (name.endsWith(".json") && !name.startsWith(".")) {
                    String alias = name.substring(0, name.length() - ".json".length());
                    alias(model, alias).ifPresent(p -> result.put(alias, p.version()));
                }
            }
        } catch (IOException e) {
            throw files.failure("Cannot list aliases under", dir, e);
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
            files.publish(path, StoreFiles.JSON.writeValueAsBytes(pointer), true, "alias.before-publish");
            CrashPoints.reach("alias.after-publish");
        } catch (IOException e) {
            throw files.failure("Cannot write alias", path, e);
        }
        LOG.info("Alias '{}' of '{}' now points at version {} ({})", alias, model, version, action);
        return pointer;
    }
}
