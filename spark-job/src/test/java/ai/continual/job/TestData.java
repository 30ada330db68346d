package ai.continual.job;

import ai.continual.config.JobConfig;
import ai.continual.config.JobConfigLoader;
import ai.continual.job.data.TrainingRows;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small, generated partitions and configs for tests. */
public final class TestData {

    /** id string, features array&lt;float&gt; of length 8, label int. */
    public static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType, true), true)
            .add("label", DataTypes.IntegerType, true);

    public static final int FEATURES = 8;

    private TestData() {}

    /**
     * {@code n} rows in the internal layout (date, features {@code array<double>} of 6 values, label): three classes
     * in turn, class c with mean 2 on feature c.
     */
    public static Dataset<Row> internalRows(int n, long seed) {
        StructType schema = new StructType()
                .add(TrainingRows.DATE, DataTypes.StringType)
                .add(TrainingRows.FEATURES, DataTypes.createArrayType(DataTypes.DoubleType, false))
                .add(TrainingRows.LABEL, DataTypes.DoubleType);
        Random random = new Random(seed);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = i % 3;
            List<Double> x = new ArrayList<>();
            for (int f = 0; f < 6; f++) {
                x.add(random.nextGaussian() + (f == label ? 2 : 0));
            }
            out.add(RowFactory.create("2026-01-01", x, (double) label));
        }
        return LocalSpark.session().createDataFrame(out, schema);
    }

    /**
     * Rows of {@code classes} well-separated Gaussian blobs: class c has mean 3 on feature c % 8.
     */
    public static List<Row> blobs(String idPrefix, int[] classes, int rowsPerClass, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        int n = 0;
        for (int c : classes) {
            for (int i = 0; i < rowsPerClass; i++) {
                Float[] x = new Float[FEATURES];
                for (int f = 0; f < FEATURES; f++) {
                    x[f] = (float) (random.nextGaussian() * 0.5 + (f == c % FEATURES ? 3 : 0) + (c >= FEATURES ? 1.5 : 0));
                }
                rows.add(RowFactory.create(idPrefix + "-" + n++, x, c));
            }
        }
        return rows;
    }

    /** id string, seq array&lt;array&lt;float&gt;&gt; (time steps x features per step), label int. */
    public static final StructType SEQUENCE_SCHEMA = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("seq", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType, true), true), true)
            .add("label", DataTypes.IntegerType, true);

    /** Side of the square single-channel test images of {@link #images}. */
    public static final int IMAGE_SIDE = 6;

    /**
     * Rows of 6x6 single-channel images, flattened row by row: class c has a bright horizontal bar on
     * image row c % 6 (and a bright first column for c &gt;= 6), plus noise.
     */
    public static List<Row> images(String idPrefix, int[] classes, int rowsPerClass, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        int n = 0;
        for (int c : classes) {
            for (int i = 0; i < rowsPerClass; i++) {
                Float[] x = new Float[IMAGE_SIDE * IMAGE_SIDE];
                for (int r = 0; r < IMAGE_SIDE; r++) {
                    for (int col = 0; col < IMAGE_SIDE; col++) {
                        boolean on = r == c % IMAGE_SIDE || (c >= IMAGE_SIDE && col == 0);
                        x[r * IMAGE_SIDE + col] = (float) (random.nextGaussian() * 0.3 + (on ? 2 : 0));
                    }
                }
                rows.add(RowFactory.create(idPrefix + "-" + n++, x, c));
            }
        }
        return rows;
    }

    /**
     * Rows of sequences of {@code steps} time steps with {@code width} features: in class c, feature c % width
     * rises by 0.6 per step (and all features are shifted by 1 for c &gt;= width), plus noise.
     */
    public static List<Row> sequences(String idPrefix, int[] classes, int rowsPerClass, int steps, int width,
                                      long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        int n = 0;
        for (int c : classes) {
            for (int i = 0; i < rowsPerClass; i++) {
                List<List<Float>> seq = new ArrayList<>();
                for (int t = 0; t < steps; t++) {
                    List<Float> step = new ArrayList<>();
                    for (int f = 0; f < width; f++) {
                        step.add((float) (random.nextGaussian() * 0.3 + (f == c % width ? 0.6 * t : 0)
                                + (c >= width ? 1 : 0)));
                    }
                    seq.add(step);
                }
                rows.add(RowFactory.create(idPrefix + "-" + n++, seq, c));
            }
        }
        return rows;
    }

    /** id, features array&lt;float&gt;, label double: the layout of {@link #linear}. */
    public static final StructType REGRESSION_SCHEMA = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType, true), true)
            .add("label", DataTypes.DoubleType, true);

    /** {@code rows} of y = sign·w·x + noise over 8 standard normal features (y of about unit variance). */
    public static List<Row> linear(String prefix, int rows, int sign, long seed) {
        return linear(prefix, rows, sign, 0, 1, seed);
    }

    /** As {@link #linear(String, int, int, long)} with the target in other units: offset + scale·y. */
    public static List<Row> linear(String prefix, int rows, int sign, double offset, double scale, long seed) {
        double[] w = {1.0, -0.8, 0.6, 0.5, -0.4, 0.3, 0.2, -0.1};
        Random random = new Random(seed);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            Float[] x = new Float[w.length];
            double y = 0;
            for (int f = 0; f < w.length; f++) {
                x[f] = (float) random.nextGaussian();
                y += w[f] * x[f];
            }
            out.add(RowFactory.create(prefix + "-" + i, x, offset + scale * (sign * y + 0.05 * random.nextGaussian())));
        }
        return out;
    }

    /** Writes {@code rows} as the Parquet partition {@code root/date=...}. */
    public static void writePartition(Path root, LocalDate date, List<Row> rows, StructType schema) {
        LocalSpark.session().createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(root.resolve("date=" + date).toString());
    }

    /** Removes a partition folder written by a test. */
    public static void deletePartition(Path root, LocalDate date) {
        try (var paths = java.nio.file.Files.walk(root.resolve("date=" + date))) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A small classification config over {@code root} writing to {@code store}; {@code extra} is HOCON. It pins
     * {@code strategy = [replay]} (the shipped default is {@code auto}), so tests of one method stay about it.
     */
    public static JobConfig config(Path root, Path store, int numClasses, String extra) {
        String hocon = "model-name = test-model\n"
                + "store = \"" + store.toUri() + "\"\n"
                + "data { root = \"" + root.toUri() + "\", id-column = id, num-classes = " + numClasses + " }\n"
                + "model.hidden-layers = [{size = 16, activation = relu}]\n"
                + "training { epochs = 3, batch-size = 16, averaging-frequency = 2, learning-rate = 0.01 }\n"
                + "replay { ratio = 1.0, max-rows = 200 }\n"
                + "strategy = [replay]\n"
                + extra;
        return JobConfigLoader.fromConfig(ConfigFactory.parseString(hocon), "test config");
    }
}
