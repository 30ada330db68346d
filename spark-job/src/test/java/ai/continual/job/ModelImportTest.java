package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.continual.config.ConfigException;
import ai.continual.config.JobConfig;
import ai.continual.job.cli.ContinualJob;
import ai.continual.model.ModelImporter;
import ai.continual.model.NetworkInputs;
import ai.continual.provenance.RunSummary;
import ai.continual.store.HadoopModelStore;
import ai.continual.store.StoredModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.apache.commons.codec.digest.DigestUtils;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code init --from}: version 1 from a Keras .h5 file (written by {@link KerasFileWriter}) and from a DL4J
 * zip, with the body frozen by layer name or index, the output layer replaced for a new number of classes,
 * the source checksum in the manifest, and a normal update on Spark afterwards.
 */
class ModelImportTest {

    private static final LocalDate DAY1 = LocalDate.of(2026, 11, 23);
    private static final LocalDate DAY2 = LocalDate.of(2026, 11, 24);

    @TempDir
    Path tmp;

    @Test
    void kerasFileBecomesVersionOneWithReplacedOutputAndFrozenBodyKeptThroughAnUpdate() throws Exception {
        Path data = tmp.resolve("data");
        TestData.writePartition(data, DAY1, TestData.blobs("a", new int[] {0, 1, 2, 3}, 60, 1), TestData.SCHEMA);
        TestData.writePartition(data, DAY2, TestData.blobs("b", new int[] {2, 3}, 60, 2), TestData.SCHEMA);
        Path keras = tmp.resolve("pretrained.h5");
        float[][] kernel = randomMatrix(TestData.FEATURES, 12, 7);
        float[] bias = randomMatrix(1, 12, 8)[0];
        KerasFileWriter.write(keras, List.of(
                new KerasFileWriter.Dense("dense_1", kernel, bias, "relu"),
                new KerasFileWriter.Dense("dense_2", randomMatrix(12, 3, 9), new float[3], "softmax")));

        // A random frozen body leaves only the new output layer to learn: give it enough steps to do so
        // (with the default 3 epochs at 0.01 the accuracy after version 1 varied between 0.37 and 0.9).
        JobConfig config = TestData.config(data, tmp.resolve("store"), 4,
                "model.frozen-layers = dense_1\ntraining { epochs = 12, learning-rate = 0.05 }\n");
        ModelImporter importer = ModelImporter.read(keras, config, true);
        assertThat(NetworkInputs.layerNames(importer.loaded())).startsWith("dense_1", "dense_2");
        assertThat(importer.loaded().getLayer(0).getParam("W").toFloatMatrix()).isEqualTo(kernel);

        HadoopModelStore store = new HadoopModelStore(config.store(), LocalSpark.session().sparkContext()
                .hadoopConfiguration());
        RunSummary first = new NightlyUpdate(LocalSpark.session(), config, store, importer).run(DAY1);
        assertThat(first.version()).isEqualTo(1);
        StoredModel v1 = store.load(config.modelName(), 1);
        MultiLayerNetwork net = v1.network();
        assertThat(net.getLayerWiseConfigurations().getConf(0).getLayer()).isInstanceOf(FrozenLayer.class);
        assertThat(net.getLayer(0).getParam("W").toFloatMatrix()).isEqualTo(kernel);
        assertThat(net.getLayer(0).getParam("b").toFloatVector()).isEqualTo(bias);
        assertThat(net.output(Nd4j.zeros(1, TestData.FEATURES)).shape()).containsExactly(1, 4);
        assertThat(v1.manifest().source()).isNotNull();
        assertThat(v1.manifest().source().format()).isEqualTo("keras-hdf5");
        assertThat(v1.manifest().source().sha256()).isEqualTo(DigestUtils.sha256Hex(Files.readAllBytes(keras)));
        assertThat(v1.manifest().source().outputReplaced()).isTrue();
        assertThat(v1.manifest().source().frozenLayers()).isEqualTo(1);
        assertThat(first.metrics().get(DAY1.toString()).accuracy()).isGreaterThan(0.5);

        RunSummary second = new NightlyUpdate(LocalSpark.session(), config, store).run(DAY2);
        assertThat(second.version()).isEqualTo(2);
        MultiLayerNetwork v2 = store.load(config.modelName(), 2).network();
        assertThat(v2.getLayer(0).getParam("W").toFloatMatrix()).isEqualTo(kernel);
        assertThat(v2.getLayer(1).params()).isNotEqualTo(net.getLayer(1).params());
        assertThat(store.load(config.modelName(), 2).manifest().source()).isNull();
    }

    @Test
    void dl4jZipWithMatchingOutputsIsKeptAndFrozenByIndexThroughTheCommandLine() throws Exception {
        Path data = tmp.resolve("data");
        TestData.writePartition(data, DAY1, TestData.blobs("a", new int[] {0, 1, 2}, 60, 3), TestData.SCHEMA);
        JobConfig source = TestData.config(data, tmp.resolve("unused"), 3,
                "model.hidden-layers = [{size = 10}, {size = 6}]\n");
        MultiLayerNetwork pretrained = ai.continual.model.NetworkFactory.build(source.model(), source.training(),
                source.data().task(), TestData.FEATURES, 3, 5);
        Path zip = tmp.resolve("pretrained.zip");
        ModelSerializer.writeModel(pretrained, zip.toFile(), false);
        INDArray body = pretrained.getLayer(0).params().dup();

        Path conf = tmp.resolve("job.conf");
        Files.writeString(conf, "model-name = imported\nstore = \"" + tmp.resolve("store").toUri() + "\"\n"
                + "data { root = \"" + data.toUri() + "\", id-column = id, num-classes = 3 }\n"
                + "model.frozen-layers = 1\n"
                + "training { epochs = 2, batch-size = 16, averaging-frequency = 2 }\n");
        int exit = ContinualJob.run("init", "--config", conf.toString(), "--from", zip.toString(),
                "--date", DAY1.toString());
        assertThat(exit).isZero();
        HadoopModelStore store = new HadoopModelStore(tmp.resolve("store").toUri().toString(),
                LocalSpark.session().sparkContext().hadoopConfiguration());
        StoredModel v1 = store.load("imported", 1);
        assertThat(v1.network().getLayer(0).params()).isEqualTo(body);
        assertThat(v1.manifest().source().format()).isEqualTo("dl4j-zip");
        assertThat(v1.manifest().source().outputReplaced()).isFalse();

        assertThat(ContinualJob.run("init", "--config", conf.toString(), "--from", zip.toString(),
                "--date", DAY1.toString())).as("a second init must not overwrite version 1").isNotZero();
        assertThat(store.latestVersion("imported")).contains(1);
    }

    @Test
    void mismatchedOutputsWithoutReplaceAndUnknownLayerNamesFailNamingTheFix() throws Exception {
        Path keras = tmp.resolve("m.h5");
        KerasFileWriter.write(keras, List.of(
                new KerasFileWriter.Dense("dense_1", randomMatrix(TestData.FEATURES, 4, 1), new float[4], "relu"),
                new KerasFileWriter.Dense("dense_2", randomMatrix(4, 3, 2), new float[3], "softmax")));
        JobConfig config = TestData.config(tmp, tmp.resolve("store"), 5, "");
        assertThatThrownBy(() -> ModelImporter.read(keras, config, false)
                .create(ai.continual.model.FeatureShape.flat(TestData.FEATURES), 5))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--replace-output");
        JobConfig badName = TestData.config(tmp, tmp.resolve("store"), 5, "model.frozen-layers = conv9\n");
        assertThatThrownBy(() -> ModelImporter.read(keras, badName, true)
                .create(ai.continual.model.FeatureShape.flat(TestData.FEATURES), 5))
                .isInstanceOf(ConfigException.class).hasMessageContaining("conv9").hasMessageContaining("dense_1");
        assertThatThrownBy(() -> ModelImporter.read(keras, config, true)
                .create(ai.continual.model.FeatureShape.flat(TestData.FEATURES + 1), 5))
                .isInstanceOf(ConfigException.class).hasMessageContaining("takes " + TestData.FEATURES);
        Path junk = Files.writeString(tmp.resolve("junk.bin"), "not a model");
        assertThatThrownBy(() -> ModelImporter.read(junk, config, true))
                .isInstanceOf(ConfigException.class).hasMessageContaining("neither a DL4J model zip nor an HDF5");
    }

    private static float[][] randomMatrix(int rows, int columns, long seed) {
        Random random = new Random(seed);
        float[][] m = new float[rows][columns];
        for (float[] row : m) {
            for (int j = 0; j < columns; j++) {
                row[j] = (float) (random.nextGaussian() * 0.3);
            }
        }
        return m;
    }
}
