package ai.continual.job;

import static org.bytedeco.hdf5.global.hdf5.H5Aclose;
import static org.bytedeco.hdf5.global.hdf5.H5Acreate2;
import static org.bytedeco.hdf5.global.hdf5.H5Awrite;
import static org.bytedeco.hdf5.global.hdf5.H5Dclose;
import static org.bytedeco.hdf5.global.hdf5.H5Dcreate2;
import static org.bytedeco.hdf5.global.hdf5.H5Dwrite;
import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_TRUNC;
import static org.bytedeco.hdf5.global.hdf5.H5Fclose;
import static org.bytedeco.hdf5.global.hdf5.H5Fcreate;
import static org.bytedeco.hdf5.global.hdf5.H5Gclose;
import static org.bytedeco.hdf5.global.hdf5.H5Gcreate2;
import static org.bytedeco.hdf5.global.hdf5.H5P_DEFAULT;
import static org.bytedeco.hdf5.global.hdf5.H5S_ALL;
import static org.bytedeco.hdf5.global.hdf5.H5S_SCALAR;
import static org.bytedeco.hdf5.global.hdf5.H5Sclose;
import static org.bytedeco.hdf5.global.hdf5.H5Screate;
import static org.bytedeco.hdf5.global.hdf5.H5Screate_simple;
import static org.bytedeco.hdf5.global.hdf5.H5T_C_S1_g;
import static org.bytedeco.hdf5.global.hdf5.H5T_IEEE_F32LE_g;
import static org.bytedeco.hdf5.global.hdf5.H5T_NATIVE_FLOAT_g;
import static org.bytedeco.hdf5.global.hdf5.H5T_STR_NULLPAD;
import static org.bytedeco.hdf5.global.hdf5.H5Tclose;
import static org.bytedeco.hdf5.global.hdf5.H5Tcopy;
import static org.bytedeco.hdf5.global.hdf5.H5Tset_size;
import static org.bytedeco.hdf5.global.hdf5.H5Tset_strpad;
import static org.bytedeco.hdf5.global.hdf5.H5open;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Writes a small Keras 2 Sequential model of Dense layers in the HDF5 layout {@code model.save("m.h5")}
 * produces (root attributes {@code model_config}, {@code training_config}, {@code keras_version},
 * {@code backend}; weights under {@code model_weights/<layer>/<layer>/kernel:0} and {@code bias:0}, with
 * fixed-length string attributes as h5py writes them), through the HDF5 C library that DL4J's Keras import
 * itself links (JavaCPP presets). There is no TensorFlow/Keras on the build machines, so tests make their
 * Keras file this way; the weights are the caller's, so a test can check they arrive bit for bit.
 */
public final class KerasFileWriter {

    /** One Dense layer: {@code kernel[in][out]}, {@code bias[out]}, a Keras activation name. */
    public record Dense(String name, float[][] kernel, float[] bias, String activation) {}

    private KerasFileWriter() {}

    public static void write(Path file, List<Dense> layers) {
        H5open();
        long f = H5Fcreate(file.toString(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        if (f < 0) {
            throw new IllegalStateException("H5Fcreate failed for " + file);
        }
        try {
            stringAttribute(f, "keras_version", "2.2.4");
            stringAttribute(f, "backend", "tensorflow");
            stringAttribute(f, "model_config", modelConfig(layers));
            stringAttribute(f, "training_config", "{\"optimizer_config\": {\"class_name\": \"Adam\", \"config\":"
                    + " {\"lr\": 0.001, \"beta_1\": 0.9, \"beta_2\": 0.999, \"decay\": 0.0, \"epsilon\": 1e-07,"
                    + " \"amsgrad\": false}}, \"loss\": \"categorical_crossentropy\", \"metrics\": [\"accuracy\"],"
                    + " \"sample_weight_mode\": null, \"loss_weights\": null}");
            long weights = H5Gcreate2(f, "model_weights", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            stringAttribute(weights, "keras_version", "2.2.4");
            stringAttribute(weights, "backend", "tensorflow");
            stringArrayAttribute(weights, "layer_names", layers.stream().map(Dense::name).toList());
            for (Dense layer : layers) {
                long group = H5Gcreate2(weights, layer.name(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
                stringArrayAttribute(group, "weight_names",
                        List.of(layer.name() + "/kernel:0", layer.name() + "/bias:0"));
                long inner = H5Gcreate2(group, layer.name(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
                int in = layer.kernel().length;
                int out = layer.bias().length;
                float[] kernel = new float[in * out];
                for (int i = 0; i < in; i++) {
                    System.arraycopy(layer.kernel()[i], 0, kernel, i * out, out);
                }
                floatDataset(inner, "kernel:0", new long[] {in, out}, kernel);
                floatDataset(inner, "bias:0", new long[] {out}, layer.bias());
                H5Gclose(inner);
                H5Gclose(group);
            }
            H5Gclose(weights);
        } finally {
            H5Fclose(f);
        }
    }

    private static String modelConfig(List<Dense> layers) {
        List<String> json = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Dense layer = layers.get(i);
            String inputShape = i == 0 ? "\"batch_input_shape\": [null, " + layer.kernel().length + "], " : "";
            json.add(String.format(Locale.ROOT, "{\"class_name\": \"Dense\", \"config\": {\"name\": \"%s\","
                    + " \"trainable\": true, %s\"dtype\": \"float32\", \"units\": %d, \"activation\": \"%s\","
                    + " \"use_bias\": true, \"kernel_initializer\": {\"class_name\": \"VarianceScaling\", \"config\":"
                    + " {\"scale\": 1.0, \"mode\": \"fan_avg\", \"distribution\": \"uniform\", \"seed\": null}},"
                    + " \"bias_initializer\": {\"class_name\": \"Zeros\", \"config\": {}}, \"kernel_regularizer\": null,"
                    + " \"bias_regularizer\": null, \"activity_regularizer\": null, \"kernel_constraint\": null,"
                    + " \"bias_constraint\": null}}", layer.name(), inputShape, layer.bias().length, layer.activation()));
        }
        return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential_1\", \"layers\": ["
                + String.join(", ", json) + "]}, \"keras_version\": \"2.2.4\", \"backend\": \"tensorflow\"}";
    }

    private static void stringAttribute(long location, String name, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        long type = stringType(bytes.length);
        long space = H5Screate(H5S_SCALAR);
        long attribute = H5Acreate2(location, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
        check(H5Awrite(attribute, type, new BytePointer(bytes)), name);
        H5Aclose(attribute);
        H5Sclose(space);
        H5Tclose(type);
    }

    private static void stringArrayAttribute(long location, String name, List<String> values) {
        int width = values.stream().mapToInt(v -> v.getBytes(StandardCharsets.UTF_8).length).max().orElse(1);
        byte[] buffer = new byte[width * values.size()];
        for (int i = 0; i < values.size(); i++) {
            byte[] bytes = values.get(i).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(bytes, 0, buffer, i * width, bytes.length);
        }
        long type = stringType(width);
        long space = H5Screate_simple(1, new long[] {values.size()}, null);
        long attribute = H5Acreate2(location, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
        check(H5Awrite(attribute, type, new BytePointer(buffer)), name);
        H5Aclose(attribute);
        H5Sclose(space);
        H5Tclose(type);
    }

    private static void floatDataset(long location, String name, long[] shape, float[] values) {
        long space = H5Screate_simple(shape.length, shape, null);
        long dataset = H5Dcreate2(location, name, H5T_IEEE_F32LE_g(), space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        check(H5Dwrite(dataset, H5T_NATIVE_FLOAT_g(), H5S_ALL, H5S_ALL, H5P_DEFAULT, new FloatPointer(values)), name);
        H5Dclose(dataset);
        H5Sclose(space);
    }

    /** Fixed-length, null-padded ASCII strings, as h5py stores numpy 'S' strings. */
    private static long stringType(int length) {
        long type = H5Tcopy(H5T_C_S1_g());
        H5Tset_size(type, length);
        H5Tset_strpad(type, H5T_STR_NULLPAD);
        return type;
    }

    private static void check(int status, String what) {
        if (status < 0) {
            throw new IllegalStateException("HDF5 write of " + what + " failed");
        }
    }
}
