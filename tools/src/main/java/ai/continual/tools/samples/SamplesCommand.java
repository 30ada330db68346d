package ai.continual.tools.samples;

import ai.continual.config.ConfigException;
import ai.continual.job.SparkSessions;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code samples fashion-mnist|regression|sequences|fashion-mnist-domain|fashion-mnist-stationary|regression-shift}:
 * writes the date-partitioned sample datasets of
 * data-samples/ (and larger ones for benchmarks) as Parquet.
 */
@Command(name = "samples", mixinStandardHelpOptions = true,
        description = "Write date-partitioned sample data as Parquet: fashion-mnist (class-incremental split of"
                + " the IDX files from the Debian package dataset-fashion-mnist) or regression (a drifting"
                + " 10-feature linear problem, generated) or sequences (windows of a generated, drifting three-channel"
                + " sensor series with four machine states).")
public final class SamplesCommand implements Callable<Integer> {

    private static final List<String> KINDS = List.of("fashion-mnist", "regression", "sequences",
            "fashion-mnist-domain", "fashion-mnist-stationary", "regression-shift");

    @Parameters(index = "0", description = "fashion-mnist, regression, sequences, or the benchmark streams"
            + " fashion-mnist-domain (all classes every date, the pixels permuted differently per date),"
            + " fashion-mnist-stationary (i.i.d. dates of all classes) and regression-shift (the input->target"
            + " relation changes every date)")
    String kind;

    @Option(names = "--out", required = true, description = "Dataset root to write, e.g. data-samples/fashion-mnist.")
    String out;

    @Option(names = "--start", defaultValue = "2026-11-23", description = "First partition date (default ${DEFAULT-VALUE}).")
    String start;

    @Option(names = "--dates", defaultValue = "5", description = "Number of daily partitions (default ${DEFAULT-VALUE}).")
    int dates;

    @Option(names = "--rows-per-date", defaultValue = "300",
            description = "Rows per partition; 0 = every row of the date's classes (fashion-mnist). Default ${DEFAULT-VALUE}.")
    int rowsPerDate;

    @Option(names = "--earlier-share", defaultValue = "0.1",
            description = "fashion-mnist: share of a date's rows drawn from earlier dates' classes (default ${DEFAULT-VALUE}).")
    double earlierShare;

    @Mixin
    FashionMnistSource source;

    @Option(names = "--split", defaultValue = "train", description = "fashion-mnist: train or t10k (the official test set).")
    String split;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Option(names = "--target-offset", defaultValue = "0",
            description = "regression, regression-shift: written target = offset + scale * y, to try targets in other"
                    + " units (default ${DEFAULT-VALUE}).")
    double targetOffset;

    @Option(names = "--target-scale", defaultValue = "1",
            description = "regression, regression-shift: see --target-offset (default ${DEFAULT-VALUE}).")
    double targetScale;

    @Override
    public Integer call() throws IOException {
        if (!KINDS.contains(kind)) {
            throw new ConfigException("Unknown sample kind '" + kind + "'; use one of " + String.join(", ", KINDS));
        }
        LocalDate first;
        try {
            first = LocalDate.parse(start);
        } catch (DateTimeParseException e) {
            throw new ConfigException("--start '" + start + "' is not a date; write YYYY-MM-DD, e.g. 2026-11-23");
        }
        // Arguments and input files are checked before Spark starts, so a mistake fails in a second.
        FashionMnistSource.Split fashionMnist = kind.equals("fashion-mnist") ? readFashionMnist()
                : kind.startsWith("fashion-mnist-") ? readFashionMnistStream() : null;
        SparkSession spark = SparkSessions.getOrCreate("continual-samples");
        switch (kind) {
            case "fashion-mnist" -> writeFashionMnist(spark, fashionMnist, first);
            case "regression" -> writeRegression(spark, first);
            case "sequences" -> writeSequences(spark, first);
            case "fashion-mnist-domain" -> writeFashionMnistStream(spark, fashionMnist, first, true);
            case "fashion-mnist-stationary" -> writeFashionMnistStream(spark, fashionMnist, first, false);
            default -> writeRegressionShift(spark, first);
        }
        return 0;
    }

    private FashionMnistSource.Split readFashionMnist() throws IOException {
        if (rowsPerDate == 0 && earlierShare > 0) {
            throw new ConfigException("--rows-per-date 0 takes every row of each date's classes; set --earlier-share 0");
        }
        if (dates < 1 || 10 % dates != 0) {
            throw new ConfigException("--dates must divide the 10 classes evenly (1, 2, 5 or 10), found " + dates);
        }
        if (!List.of("train", "t10k").contains(split)) {
            throw new ConfigException("--split '" + split + "' is not a Fashion-MNIST split; use train or t10k");
        }
        return source.read(split);
    }

    private void writeFashionMnist(SparkSession spark, FashionMnistSource.Split data, LocalDate first) {
        float[][] pixels = data.images();
        int[] labels = data.labels();
        List<List<Integer>> perDate = ClassIncrementalSplit.split(labels, dates, 10 / dates, rowsPerDate,
                earlierShare, seed);
        StructType schema = arraySchema(DataTypes.IntegerType);
        for (int d = 0; d < perDate.size(); d++) {
            List<Row> rows = new ArrayList<>();
            for (int index : perDate.get(d)) {
                Float[] boxed = new Float[pixels[index].length];
                for (int p = 0; p < boxed.length; p++) {
                    boxed[p] = pixels[index][p];
                }
                rows.add(RowFactory.create(split + "-" + index, boxed, labels[index]));
            }
            write(spark, rows, schema, first.plusDays(d));
        }
    }

    /** y = w_t·x + 0.5·sin(x1) + noise, with w_t drifting a little every day. */
    private void writeRegression(SparkSession spark, LocalDate first) {
        Random random = new Random(seed);
        int features = 10;
        double[] weights = new double[features];
        double[] drift = new double[features];
        for (int i = 0; i < features; i++) {
            weights[i] = random.nextGaussian();
            drift[i] = 0.15 * random.nextGaussian();
        }
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("id", DataTypes.LongType, false));
        for (int i = 1; i <= features; i++) {
            fields.add(DataTypes.createStructField("x" + i, DataTypes.DoubleType, false));
        }
        fields.add(DataTypes.createStructField("y", DataTypes.DoubleType, false));
        StructType schema = DataTypes.createStructType(fields);
        long id = 0;
        for (int d = 0; d < dates; d++) {
            List<Row> rows = new ArrayList<>();
            for (int r = 0; r < rowsPerDate; r++) {
                Object[] values = new Object[features + 2];
                values[0] = id++;
                double y = 0;
                for (int i = 0; i < features; i++) {
                    double x = random.nextGaussian() + 0.1 * d;
                    values[i + 1] = x;
                    y += (weights[i] + d * drift[i]) * x;
                }
                y += 0.5 * Math.sin((double) values[1]) + 0.1 * random.nextGaussian();
                values[features + 1] = targetOffset + targetScale * y;
                rows.add(RowFactory.create(values));
            }
            write(spark, rows, schema, first.plusDays(d));
        }
    }

    /** Windows of a generated, drifting three-channel sensor series; see {@link SensorWindows}. */
    private void writeSequences(SparkSession spark, LocalDate first) {
        Random random = new Random(seed);
        for (int d = 0; d < dates; d++) {
            write(spark, SensorWindows.day(d, rowsPerDate, random), SensorWindows.SCHEMA, first.plusDays(d));
        }
    }

    private FashionMnistSource.Split readFashionMnistStream() throws IOException {
        if (!List.of("train", "t10k").contains(split)) {
            throw new ConfigException("--split '" + split + "' is not a Fashion-MNIST split; use train or t10k");
        }
        FashionMnistSource.Split data = source.read(split);
        if (dates < 1 || rowsPerDate <= 0 || (long) rowsPerDate * dates > data.labels().length) {
            throw new ConfigException("--rows-per-date must be in 1.." + data.labels().length / Math.max(1, dates)
                    + " for " + dates + " dates of the " + split + " split, found " + rowsPerDate);
        }
        return data;
    }

    /**
     * Every date: {@code rows-per-date} images drawn uniformly from all ten classes (from {@code --split}). With
     * {@code permuted}, date d > 0 shuffles the pixels by a permutation fixed by (seed, d), the same for the train
     * and the t10k split: a domain-incremental stream. Without, the dates are i.i.d.: a stationary stream.
     */
    private void writeFashionMnistStream(SparkSession spark, FashionMnistSource.Split data, LocalDate first,
                                         boolean permuted) {
        float[][] pixels = data.images();
        int[] labels = data.labels();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed * 31 + split.hashCode()));
        StructType schema = arraySchema(DataTypes.IntegerType);
        for (int d = 0; d < dates; d++) {
            int[] permutation = permutation(pixels[0].length, permuted ? d : 0);
            List<Row> rows = new ArrayList<>();
            for (int index : order.subList(d * rowsPerDate, (d + 1) * rowsPerDate)) {
                Float[] boxed = new Float[pixels[index].length];
                for (int p = 0; p < boxed.length; p++) {
                    boxed[p] = pixels[index][permutation[p]];
                }
                rows.add(RowFactory.create(split + "-" + index, boxed, labels[index]));
            }
            write(spark, rows, schema, first.plusDays(d));
        }
    }

    /** The identity for date 0, else a permutation of {@code n} fixed by the seed and the date. */
    private int[] permutation(int n, int date) {
        List<Integer> p = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            p.add(i);
        }
        if (date > 0) {
            Collections.shuffle(p, new Random(seed * 1_000_003L + date));
        }
        return p.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Concept drift: y = w_d·x / sqrt(10) + noise over 10 standard normal features (targets of about unit variance),
     * where each date's weights keep only 30 % of the previous date's (w_d = 0.3·w_{d-1} + 0.95·fresh), so old
     * dates' targets are stale.
     */
    private void writeRegressionShift(SparkSession spark, LocalDate first) {
        Random random = new Random(seed);
        int features = 10;
        double[] weights = new double[features];
        for (int i = 0; i < features; i++) {
            weights[i] = random.nextGaussian();
        }
        StructType schema = arraySchema(DataTypes.DoubleType);
        for (int d = 0; d < dates; d++) {
            if (d > 0) {
                for (int i = 0; i < features; i++) {
                    weights[i] = 0.3 * weights[i] + 0.95 * random.nextGaussian();
                }
            }
            List<Row> rows = new ArrayList<>();
            for (int r = 0; r < rowsPerDate; r++) {
                Float[] x = new Float[features];
                double y = 0;
                for (int i = 0; i < features; i++) {
                    x[i] = (float) random.nextGaussian();
                    y += weights[i] * x[i];
                }
                double target = y / Math.sqrt(features) + 0.1 * random.nextGaussian();
                rows.add(RowFactory.create(d + "-" + r, x, targetOffset + targetScale * target));
            }
            write(spark, rows, schema, first.plusDays(d));
        }
    }

    /** id string, features array&lt;float&gt;, label of {@code labelType}. */
    private static StructType arraySchema(DataType labelType) {
        return new StructType(new StructField[] {
                DataTypes.createStructField("id", DataTypes.StringType, false),
                DataTypes.createStructField("features", DataTypes.createArrayType(DataTypes.FloatType, false), false),
                DataTypes.createStructField("label", labelType, false)});
    }

    private void write(SparkSession spark, List<Row> rows, StructType schema, LocalDate date) {
        String path = out + "/date=" + date;
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite)
                .option("compression", "gzip").parquet(path);
        System.out.println("wrote " + rows.size() + " rows to " + path);
    }
}
