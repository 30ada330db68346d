package ai.continual.job;

import ai.continual.config.JobConfig;
import ai.continual.config.JobConfigLoader;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

    /** A small classification config over {@code root} writing to {@code store}; {@code extra} is HOCON. */
    public static JobConfig config(Path root, Path store, int numClasses, String extra) {
        String hocon = "model-name = test-model\n"
                + "store = \"" + store.toUri() + "\"\n"
                + "data { root = \"" + root.toUri() + "\", id-column = id, num-classes = " + numClasses + " }\n"
                + "model.hidden-layers = [{size = 16, activation = relu}]\n"
                + "training { epochs = 3, batch-size = 16, averaging-frequency = 2, learning-rate = 0.01 }\n"
                + "replay { ratio = 1.0, max-rows = 200 }\n"
                + extra;
        return JobConfigLoader.fromConfig(ConfigFactory.parseString(hocon), "test config");
    }
}
