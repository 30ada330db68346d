package ai.continual.store;

import ai.continual.provenance.VersionManifest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.dataset.api.preprocessor.serializer.NormalizerSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model store on any Hadoop FileSystem (local, HDFS, S3A). Layout:
 * {@code <root>/<model>/versions/<NNNNNN>/{model.zip, normalizer.bin, manifest.json}}.
 */
public final class HadoopModelStore implements ModelStore {

    public static final String MODEL_FILE = "model.zip";
    public static final String NORMALIZER_FILE = "normalizer.bin";
    public static final String MANIFEST_FILE = "manifest.json";

    private static final Logger LOG = LoggerFactory.getLogger(HadoopModelStore.class);
    private static final Pattern VERSION_DIR = Pattern.compile("\\d{6,}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final FileSystem fs;
    private final Path root;

    public HadoopModelStore(String rootUri, Configuration hadoopConf) {
        try {
            Path path = new Path(rootUri);
            this.fs = path.getFileSystem(hadoopConf);
            this.root = fs.makeQualified(path);
        } catch (IOException | IllegalArgumentException e) {
            throw new StoreException("Cannot open the model store at '" + rootUri + "': " + e.getMessage()
                    + ". Check the 'store' URI (file:, hdfs:// or s3a://) and its credentials.", e);
        }
    }

    /** JSON mapper used for manifests, shared so every writer renders them the same way. */
    public static ObjectMapper json() {
        return JSON;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public String versionLocation(String model, int version) {
        return versionDir(model, version).toString();
    }

    Path versionDir(String model, int version) {
        return new Path(new Path(new Path(root, model), "versions"), String.format("%06d", version));
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
                throw new StoreException("Cannot read " + manifest + ": " + e.getMessage(), e);
            }
        }
        return committed;
    }

    /** Every numbered version folder, committed or not, ascending. */
    private List<Integer> versionFolders(String model) {
        Path dir = new Path(new Path(root, model), "versions");
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
            throw new StoreException("Cannot list " + dir + ": " + e.getMessage()
                    + ". Check that the store URI is reachable and readable.", e);
        }
        numbers.sort(Integer::compare);
        return numbers;
    }

    private static CommitConflictException conflict(PendingVersion pending, Path manifestPath, Exception cause) {
        return new CommitConflictException("Version " + pending.version() + " of '" + pending.model()
                + "' was committed by another writer (" + manifestPath + " exists)", cause);
    }

    @Override
    public VersionManifest manifest(String model, int version) {
        Path path = new Path(versionDir(model, version), MANIFEST_FILE);
        VersionManifest manifest;
        try (InputStream in = fs.open(path)) {
            manifest = JSON.readValue(in, VersionManifest.class);
        } catch (java.io.FileNotFoundException e) {
            throw new StoreException("Version " + version + " of model '" + model + "' is not committed: "
                    + path + " does not exist", e);
        } catch (IOException e) {
            throw new StoreException("Cannot read manifest " + path + ": " + e.getMessage(), e);
        }
        if (manifest.formatVersion() > VersionManifest.CURRENT_FORMAT) {
            throw new StoreException("Manifest " + path + " has store format " + manifest.formatVersion()
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
            throw new StoreException("Cannot load " + modelPath + " (version " + version + " of '" + model
                    + "'): " + e.getMessage() + ". The file is missing or damaged; other versions are unaffected.", e);
        }
        Path normalizerPath = new Path(dir, NORMALIZER_FILE);
        NormalizerStandardize normalizer;
        try (InputStream in = fs.open(normalizerPath)) {
            normalizer = NormalizerSerializer.getDefault().restore(in);
        } catch (Exception e) {
            throw new StoreException("Cannot load " + normalizerPath + ": " + e.getMessage(), e);
        }
        return new StoredModel(network, normalizer, manifest);
    }

    @Override
    public PendingVersion begin(String model) {
        List<Integer> folders = versionFolders(model);
        int next = folders.isEmpty() ? 1 : folders.get(folders.size() - 1) + 1;
        Path dir = versionDir(model, next);
        try {
            fs.mkdirs(dir);
        } catch (IOException e) {
            throw new StoreException("Cannot create " + dir + ": " + e.getMessage()
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
            try (OutputStream out = fs.create(new Path(dir, MODEL_FILE), true)) {
                ModelSerializer.writeModel(model.network(), out, true);
            }
            try (OutputStream out = fs.create(new Path(dir, NORMALIZER_FILE), true)) {
                NormalizerSerializer.getDefault().write(model.normalizer(), out);
            }
        } catch (IOException e) {
            throw new StoreException("Cannot write version " + pending.version() + " to " + dir + ": "
                    + e.getMessage() + ". Nothing was committed; check that the store is writable.", e);
        }
        // The commit point: create-no-overwrite, so of two writers of one version exactly one succeeds.
        try (FSDataOutputStream out = fs.create(manifestPath, false)) {
            out.write(manifest);
        } catch (FileAlreadyExistsException e) {
            throw conflict(pending, manifestPath, e);
        } catch (IOException e) {
            throw new StoreException("Cannot write " + manifestPath + ": " + e.getMessage()
                    + ". The version is not committed; check that the store is writable.", e);
        }
        LOG.info("Committed {} version {} at {}", pending.model(), pending.version(), dir);
    }
}
