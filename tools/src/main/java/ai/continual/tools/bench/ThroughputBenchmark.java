package ai.continual.tools.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;

import ai.continual.config.AveragingEngine;
import ai.continual.config.LayerSpec;
import ai.continual.config.ModelConfig;
import ai.continual.config.Task;
import ai.continual.config.TrainingConfig;
import ai.continual.job.SparkSessions;
import ai.continual.job.data.ExampleRow;
import ai.continual.job.data.TrainingRows;
import ai.continual.job.train.DistributedTrainer;
import ai.continual.job.train.RowToDataSet;
import ai.continual.model.NetworkFactory;
import ai.continual.normalize.Standardizer;
import ai.continual.tools.samples.FashionMnistSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.commons.io.FileUtils;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench/throughput}: trains the same MLP on the same Fashion-MNIST rows for the same epochs, first in
 * one JVM ({@code MultiLayerNetwork.fit}), then through the job's Spark training path under each variant
 * asked for, and prints examples/s, test accuracy, the ratio to the one-JVM run and peak memory, all
 * measured in this one run so that a loaded machine slows both sides alike.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true,
        description = "Examples/s and test accuracy of the Spark training path against one JVM, measured in one run.")
public final class ThroughputBenchmark implements Callable<Integer> {

    /** The variant that trains as the job does when the user sets neither batch size nor averaging frequency. */
    static final String SHIPPED_DEFAULTS = "shipped-defaults";

    static final String DEFAULT_VARIANTS = "in-memory-b128-avg10:batch=128,avg=10;in-memory-b128-avg50:batch=128,avg=50;"
            + SHIPPED_DEFAULTS + ":batch=auto,avg=auto;in-memory-b128-avg100:batch=128,avg=100;"
            + "dl4j-export-b128-avg10:batch=128,avg=10,engine=dl4j-export;"
            + "dl4j-export-b128-avg50:batch=128,avg=50,engine=dl4j-export";

    @Option(names = "--train-rows", defaultValue = "60000", description = "Training rows (default ${DEFAULT-VALUE}).")
    int trainRows;

    @Option(names = "--epochs", defaultValue = "3", description = "Epochs on both sides (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "128", description = "The one-JVM fit's minibatch (default ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    FashionMnistSource source;

    @Option(names = "--variants", split = ";", converter = Variant.Converter.class, defaultValue = DEFAULT_VARIANTS,
            description = "Spark variants 'name:key=value,...' separated by ';'. Keys: batch (32), avg = averaging"
                    + " frequency (5) (both also 'auto': the job's rule for the rows per worker), workers (0 = Spark's parallelism), threads = ND4J threads per worker (0 = the"
                    + " cores of a task slot), lr (0.001), engine = in-memory | dl4j-export (in-memory)."
                    + " Default: ${DEFAULT-VALUE}.")
    List<Variant> variants;

    @Override
    public Integer call() throws IOException {
        long seed = 42;

        FashionMnistSource.Split train = source.read("train");
        FashionMnistSource.Split testSplit = source.read("t10k");
        float[][] trainX = train.images();
        int[] trainY = train.labels();
        float[][] testX = testSplit.images();
        int[] testY = testSplit.labels();
        int trainRows = Math.min(this.trainRows, trainX.length);
        List<DataSet> test = batches(testX, testY, testX.length, 1000);

        SparkSession spark = SparkSessions.getOrCreate("continual-bench-throughput");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Path work = Files.createTempDirectory("bench-throughput-");
        String parquet = work.resolve("train").toUri().toString();
        writeParquet(spark, trainX, trainY, trainRows, parquet);
        MemoryProbe probe = MemoryProbe.start();

        System.out.printf(Locale.ROOT, "throughput: MLP 784-400-400-10, Adam 1e-3, %d training rows, %d epochs,"
                + " master %s, %d cores, ND4J threads %d%n", trainRows, epochs, sc.master(),
                Runtime.getRuntime().availableProcessors(), Nd4j.getEnvironment().maxMasterThreads());
        List<String> lines = new ArrayList<>();

        // Warm-up (JIT, ND4J's native initialisation) on a throw-away network, so the first timed run does not pay it.
        MultiLayerNetwork warmUp = network(trainingConfig(1, batch, 1, 0, 0, 1e-3, false), seed);
        for (DataSet b : batches(trainX, trainY, Math.min(trainRows, 50 * batch), batch)) {
            warmUp.fit(b);
        }
        probe.reset();
        MultiLayerNetwork local = network(trainingConfig(epochs, batch, 1, 0, 0, 1e-3, false), seed);
        double baselineSeconds = timedFit(local, trainX, trainY, trainRows, batch, epochs);
        double baselineRate = (double) trainRows * epochs / baselineSeconds;
        double baselineAccuracy = accuracy(local, test);
        lines.add(row("one-JVM fit, batch " + batch, baselineRate, baselineSeconds, baselineAccuracy, 1.0,
                probe.snapshot()));

        // The same fit on one native thread: N data-parallel workers of one thread each can at best reach
        // N times this rate, so N * rate(1 thread) / rate(all threads) bounds the Spark ratio on local[N].
        int defaultThreads = Nd4j.getEnvironment().maxMasterThreads();
        probe.reset();
        restoreThreads(1);
        MultiLayerNetwork single = network(trainingConfig(epochs, batch, 1, 0, 0, 1e-3, false), seed);
        double singleSeconds = timedFit(single, trainX, trainY, trainRows, batch, epochs);
        double singleRate = (double) trainRows * epochs / singleSeconds;
        lines.add(row("one-JVM fit, 1 thread", singleRate, singleSeconds, accuracy(single, test),
                singleRate / baselineRate, probe.snapshot()));
        restoreThreads(defaultThreads);
        int slots = sc.defaultParallelism();
        double ceiling = slots * singleRate / baselineRate;

        Dataset<Row> rows = spark.read().parquet(parquet)
                .select(lit("all").as(TrainingRows.DATE),
                        col(TrainingRows.FEATURES).cast("array<double>").as(TrainingRows.FEATURES),
                        col(TrainingRows.LABEL).cast("double").as(TrainingRows.LABEL))
                .orderBy(rand(seed));
        Standardizer scaler = new Standardizer(new double[784], filled(784, 255.0));
        RowToDataSet toDataSet = new RowToDataSet(scaler, Task.CLASSIFICATION, 10);
        String exportRoot = work.resolve("export").toUri().toString();

        // Warm-up of the Spark side, untimed and on both engines: the first jobs, the shuffle of orderBy, Parquet
        // and Kryo classes, the task threads' JIT. Without it the first variant pays for them (measured: averaging
        // 50 at 0.82-0.93x when it ran first, 1.31x when it ran second).
        for (AveragingEngine engine : AveragingEngine.values()) {
            TrainingConfig warmConfig = trainingConfig(1, batch, 10, 0, 0, 1e-3, engine == AveragingEngine.IN_MEMORY);
            new DistributedTrainer(sc, warmConfig, seed).fit(network(warmConfig, seed),
                    ExampleRow.of(rows.limit(Math.min(trainRows, 40 * batch * slots))), toDataSet, 0, exportRoot);
        }
        double bestRatio = 0;
        double shippedRatio = Double.NaN;
        for (Variant variant : variants) {
            System.gc();
            probe.reset();
            TrainingConfig config = trainingConfig(epochs, variant.batch(), variant.averaging(), variant.workers(),
                    variant.threads(), variant.learningRate(), variant.engine() == AveragingEngine.IN_MEMORY);
            MultiLayerNetwork net = network(config, seed);
            JavaRDD<ExampleRow> examples = ExampleRow.of(rows);
            long t0 = System.nanoTime();
            // The row count is passed as the job passes it (an update knows its counts from the validation pass), so a
            // variant with batch size or averaging frequency auto does not pay a counting pass the job never runs.
            MultiLayerNetwork trained = new DistributedTrainer(sc, config, seed).fit(net, examples, toDataSet, trainRows,
                    exportRoot);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double rate = (double) trainRows * epochs / seconds;
            double accuracy = accuracy(trained, test);
            bestRatio = Math.max(bestRatio, rate / baselineRate);
            if (variant.name().equals(SHIPPED_DEFAULTS)) {
                shippedRatio = rate / baselineRate;
            }
            lines.add(row(variant.name(), rate, seconds, accuracy, rate / baselineRate, probe.snapshot()));
            restoreThreads(defaultThreads);
            System.out.println("  done: " + lines.get(lines.size() - 1));
        }
        probe.stop();

        System.out.println();
        System.out.printf(Locale.ROOT, "%-28s %10s %8s %9s %7s %10s %10s %10s%n", "path", "examples/s", "seconds",
                "test acc", "ratio", "heap MiB", "non-heap", "RSS MiB");
        lines.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "ratio = examples/s of the row / examples/s of the one-JVM fit in this run;"
                + " best ratio %.2f; heap used, non-heap (RSS - committed heap) and RSS are peaks of this JVM (driver and"
                + " local executors), MiB%n",
                bestRatio);
        if (!Double.isNaN(shippedRatio)) {
            System.out.printf(Locale.ROOT, "shipped defaults (batch size and averaging frequency auto): ratio %.2f,"
                    + " %.2f of the best variant's (target >= 0.80)%n", shippedRatio, shippedRatio / bestRatio);
        }
        System.out.printf(Locale.ROOT, "ceiling: %d one-thread workers with no averaging cost at all would reach"
                + " %d x %.0f = %.0f examples/s, ratio %.2f%n", slots, slots, singleRate, slots * singleRate, ceiling);
        FileUtils.deleteDirectory(work.toFile());
        spark.stop();
        return 0;
    }

    private static void restoreThreads(int threads) {
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /** Seconds to batch the first {@code rows} examples and fit {@code net} on them for {@code epochs} in this JVM. */
    private static double timedFit(MultiLayerNetwork net, float[][] x, int[] y, int rows, int batch, int epochs) {
        long start = System.nanoTime();
        ListDataSetIterator<DataSet> iterator = new ListDataSetIterator<>(batches(x, y, rows, batch), 1);
        for (int e = 0; e < epochs; e++) {
            iterator.reset();
            net.fit(iterator);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static String row(String name, double rate, double seconds, double accuracy, double ratio,
                              MemoryProbe.Peaks peaks) {
        return String.format(Locale.ROOT, "%-28s %10.0f %8.1f %8.2f%% %7.2f %10d %10d %10d", name, rate, seconds,
                accuracy * 100, ratio, peaks.heapMiB(), peaks.nonHeapMiB(), peaks.rssMiB());
    }

    private static TrainingConfig trainingConfig(int epochs, int batch, int averaging, int workers, int threads,
                                                 double learningRate, boolean inMemory) {
        return new TrainingConfig(epochs, batch, averaging, "adam", learningRate, workers, Optional.empty(), threads, 0,
                inMemory ? AveragingEngine.IN_MEMORY : AveragingEngine.DL4J_EXPORT);
    }

    private static MultiLayerNetwork network(TrainingConfig training, long seed) {
        ModelConfig model = new ModelConfig(List.of(new LayerSpec(400, "relu"), new LayerSpec(400, "relu")), 0);
        return NetworkFactory.build(model, training, Task.CLASSIFICATION, 784, 10, seed);
    }

    private static double accuracy(MultiLayerNetwork net, List<DataSet> test) {
        Evaluation evaluation = net.evaluate(new ListDataSetIterator<>(test, 1));
        return evaluation.accuracy();
    }

    private static List<DataSet> batches(float[][] x, int[] y, int rows, int batch) {
        List<DataSet> out = new ArrayList<>();
        for (int from = 0; from < rows; from += batch) {
            int n = Math.min(batch, rows - from);
            float[][] features = new float[n][];
            float[][] labels = new float[n][10];
            for (int i = 0; i < n; i++) {
                features[i] = new float[x[from + i].length];
                for (int p = 0; p < features[i].length; p++) {
                    features[i][p] = x[from + i][p] / 255f;
                }
                labels[i][y[from + i]] = 1f;
            }
            out.add(new DataSet(Nd4j.createFromArray(features), Nd4j.createFromArray(labels)));
        }
        return out;
    }

    private static void writeParquet(SparkSession spark, float[][] x, int[] y, int rows, String path) {
        StructType schema = new StructType()
                .add(TrainingRows.FEATURES, DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add(TrainingRows.LABEL, DataTypes.IntegerType, false);
        int chunk = 5000;
        for (int from = 0; from < rows; from += chunk) {
            List<Row> part = new ArrayList<>();
            for (int i = from; i < Math.min(rows, from + chunk); i++) {
                Float[] boxed = new Float[x[i].length];
                for (int p = 0; p < boxed.length; p++) {
                    boxed[p] = x[i][p];
                }
                part.add(RowFactory.create(boxed, y[i]));
            }
            spark.createDataFrame(part, schema).coalesce(1).write().mode(SaveMode.Append).parquet(path);
        }
    }

    private static double[] filled(int n, double value) {
        double[] out = new double[n];
        Arrays.fill(out, value);
        return out;
    }

    /** One Spark configuration to measure, parsed from {@code name:key=value,...}. */
    record Variant(String name, int batch, int averaging, int workers, int threads, double learningRate,
                   AveragingEngine engine) {

        /** picocli's converter of one {@code --variants} item; a bad item names the key and the valid ones. */
        static final class Converter implements CommandLine.ITypeConverter<Variant> {
            @Override
            public Variant convert(String item) {
                String[] nameAndKeys = item.trim().split(":", 2);
                if (nameAndKeys[0].isBlank()) {
                    throw new CommandLine.TypeConversionException("variant '" + item + "' has no name; write"
                            + " name:key=value,... e.g. mem-b128:batch=128,avg=50");
                }
                Map<String, String> keys = new TreeMap<>();
                if (nameAndKeys.length > 1 && !nameAndKeys[1].isBlank()) {
                    for (String kv : nameAndKeys[1].split(",")) {
                        String[] pair = kv.split("=", 2);
                        if (pair.length != 2) {
                            throw new CommandLine.TypeConversionException("variant '" + item + "': '" + kv
                                    + "' is not key=value");
                        }
                        keys.put(pair[0].trim(), pair[1].trim());
                    }
                }
                try {
                    Variant variant = new Variant(nameAndKeys[0].trim(),
                            intOrAuto(take(keys, "batch", "32")),
                            intOrAuto(take(keys, "avg", "5")),
                            Integer.parseInt(take(keys, "workers", "0")),
                            Integer.parseInt(take(keys, "threads", "0")),
                            Double.parseDouble(take(keys, "lr", "0.001")),
                            AveragingEngine.valueOf(take(keys, "engine", "in-memory").toUpperCase(Locale.ROOT)
                                    .replace('-', '_')));
                    if (!keys.isEmpty()) {
                        throw new CommandLine.TypeConversionException("variant '" + item + "': unknown keys "
                                + keys.keySet() + "; valid: batch, avg, workers, threads, lr, engine");
                    }
                    return variant;
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.TypeConversionException("variant '" + item + "': " + e.getMessage()
                            + " (numbers for batch, avg, workers, threads, lr; batch and avg also auto; engine = in-memory or dl4j-export)");
                }
            }

            private static int intOrAuto(String value) {
                return value.equalsIgnoreCase("auto") ? TrainingConfig.AUTO : Integer.parseInt(value);
            }

            private static String take(Map<String, String> keys, String key, String fallback) {
                String value = keys.remove(key);
                return value == null ? fallback : value;
            }
        }
    }
}
