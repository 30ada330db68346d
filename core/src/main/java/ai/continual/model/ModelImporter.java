package ai.continual.model;

import ai.continual.config.ConfigException;
import ai.continual.config.JobConfig;
import ai.continual.provenance.ModelSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.codec.digest.MessageDigestAlgorithms;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Brings an existing model as version 1 ({@code init --from}): a DL4J model zip, or a Keras HDF5 file
 * through DL4J's Keras import. The file is read and checksummed up front so a bad file fails before any
 * Spark work; when the first partition is known, the network gets the job's updater, optionally a fresh
 * output layer for the configured task (new number of classes), and its fixed part frozen.
 */
public final class ModelImporter implements InitialNetwork {

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private final JobConfig config;
    private final MultiLayerNetwork loaded;
    private final Path file;
    private final String format;
    private final String sha256;
    private final long bytes;
    private final boolean replaceOutput;
    private ModelSource source;

    private ModelImporter(JobConfig config, MultiLayerNetwork loaded, Path file, String format, String sha256,
                          long bytes, boolean replaceOutput) {
        this.config = config;
        this.loaded = loaded;
        this.file = file;
        this.format = format;
        this.sha256 = sha256;
        this.bytes = bytes;
        this.replaceOutput = replaceOutput;
    }

    /**
     * Reads {@code file} (format told by its first bytes) and checksums it.
     *
     * @param replaceOutput replace the source's output layer by a fresh one for {@code data.task} and
     *     {@code data.num-classes}; without it the source's outputs must already match
     */
    public static ModelImporter read(Path file, JobConfig config, boolean replaceOutput) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--from " + file + " does not exist or is not a file; pass a DL4J model zip"
                    + " or a Keras .h5 file.");
        }
        byte[] head = new byte[8];
        String sha256;
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            head = Arrays.copyOf(head, n);
            sha256 = new DigestUtils(MessageDigestAlgorithms.SHA_256).digestAsHex(file.toFile());
            size = Files.size(file);
        } catch (IOException e) {
            throw new ConfigException("--from " + file + " cannot be read: " + e.getMessage(), e);
        }
        MultiLayerNetwork net;
        String format;
        try {
            if (startsWith(head, ZIP_MAGIC)) {
                format = "dl4j-zip";
                net = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
            } else if (startsWith(head, HDF5_MAGIC)) {
                format = "keras-hdf5";
                net = KerasModelImport.importKerasSequentialModelAndWeights(file.toString(), false);
            } else {
                throw new ConfigException("--from " + file + " is neither a DL4J model zip nor an HDF5 (Keras .h5)"
                        + " file; save the model with ModelSerializer.writeModel or Keras model.save(\"m.h5\").");
            }
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigException("--from " + file + " cannot be loaded as a sequential network: " + e.getMessage()
                    + ". Only MultiLayerNetwork zips and Keras Sequential models are supported.", e);
        }
        return new ModelImporter(config, net, file, format, sha256, size, replaceOutput);
    }

    /** The network as read from the file, before adaptation. */
    public MultiLayerNetwork loaded() {
        return loaded;
    }

    @Override
    public MultiLayerNetwork create(FeatureShape shape, int numOutputs) {
        int inputs = NetworkInputs.flatInputSize(loaded);
        if (inputs != shape.length()) {
            throw new ConfigException("--from " + file + " takes " + inputs + " features per row but data.features"
                    + " has " + shape.length() + "; the source model must read the same flat feature row.");
        }
        List<String> importedLayers = NetworkInputs.layerNames(loaded);
        int n = loaded.getnLayers();
        Layer last = loaded.getLayerWiseConfigurations().getConf(n - 1).getLayer();
        boolean lossOnly = last instanceof LossLayer;
        Layer head = lossOnly && n > 1 ? loaded.getLayerWiseConfigurations().getConf(n - 2).getLayer() : last;
        long outputs = head instanceof FeedForwardLayer ff ? ff.getNOut() : -1;
        boolean trainable = last instanceof BaseOutputLayer || lossOnly;

        FineTuneConfiguration fineTune = new FineTuneConfiguration.Builder()
                .updater(NetworkFactory.updater(config.training()))
                .seed(config.seed())
                .build();
        TransferLearning.Builder builder = new TransferLearning.Builder(loaded).fineTuneConfiguration(fineTune);
        if (replaceOutput) {
            if (!(head instanceof FeedForwardLayer ff)) {
                throw new ConfigException("--replace-output: the last layer of " + file + " (" + head.getClass()
                        .getSimpleName() + ") is not a dense or output layer, so it cannot be replaced.");
            }
            builder.removeLayersFromOutput(lossOnly ? 2 : 1)
                    .addLayer(new OutputLayer.Builder(outputLoss())
                            .activation(NetworkFactory.outputLayer(config.data().task(), numOutputs).getActivationFn())
                            .nIn(ff.getNIn()).nOut(numOutputs).weightInit(WeightInit.XAVIER)
                            .name(NetworkFactory.OUTPUT_LAYER).build());
        } else if (!trainable || outputs != numOutputs) {
            throw new ConfigException("--from " + file + " ends in " + head.getClass().getSimpleName() + " with "
                    + outputs + " outputs" + (trainable ? "" : " and no loss") + ", but the task needs an output layer"
                    + " of " + numOutputs + " (data.task, data.num-classes); pass --replace-output to put a fresh"
                    + " output layer on the kept body.");
        }
        MultiLayerNetwork adapted = builder.build();
        int frozen = LayerFreezer.frozenCount(adapted, config.model());
        MultiLayerNetwork result = LayerFreezer.freezeFirst(adapted, frozen, config.training(), config.seed());
        source = new ModelSource(file.toAbsolutePath().toString(), format, sha256, bytes, importedLayers,
                replaceOutput, frozen);
        return result;
    }

    @Override
    public Optional<ModelSource> source() {
        return Optional.ofNullable(source);
    }

    private org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction outputLoss() {
        return config.data().task() == ai.continual.config.Task.CLASSIFICATION
                ? org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT
                : org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MSE;
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(Arrays.copyOf(head, magic.length), magic);
    }
}
