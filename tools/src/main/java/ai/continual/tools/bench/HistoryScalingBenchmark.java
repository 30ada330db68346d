package ai.continual.tools.bench;

import ai.continual.config.ConfigException;
import ai.continual.config.JobConfig;
import ai.continual.config.JobConfigLoader;
import ai.continual.job.NightlyUpdate;
import ai.continual.job.SparkSessions;
import ai.continual.provenance.RunSummary;
import ai.continual.store.HadoopModelStore;
import ai.continual.tools.samples.FashionMnistSource;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench/history-scaling}: wall time and bytes read of ONE nightly update when 1, 5, 10, 30 ... daily
 * partitions of the same size precede it, for reservoir replay (the default), history sampling and full
 * retraining, all in one run. The partitions are consecutive slices of Fashion-MNIST's training set (all
 * classes every day). Before each timed update an untimed run commits the parent version on the last
 * historical date; full retraining trains a new model on every partition up to the date instead.
 * Bytes read are Hadoop FileSystem statistics of this JVM (driver and local executors), store included.
 */
@Command(name = "history-scaling", mixinStandardHelpOptions = true,
        description = "Wall time and bytes read of one update after 1, 5, 10, 30 ... daily partitions: reservoir"
                + " replay, history sampling and full retraining, measured in one run.")
public final class HistoryScalingBenchmark implements Callable<Integer> {

    private static final LocalDate FIRST = LocalDate.of(2026, 1, 1);

    @Option(names = "--history", split = ",", defaultValue = "1,5,10,30",
            description = "Numbers of historical partitions before the timed update (default ${DEFAULT-VALUE}).")
    List<Integer> historyCounts;

    @Option(names = "--rows-per-date", defaultValue = "1000", description = "Rows per daily partition (default ${DEFAULT-VALUE}).")
    int rowsPerDate;

    @Option(names = "--epochs", defaultValue = "2", description = "Epochs of every update (default ${DEFAULT-VALUE}).")
    int epochs;

    @Mixin
    FashionMnistSource source;

    @Override
    public Integer call() throws IOException {
        int[] histories = historyCounts.stream().mapToInt(Integer::intValue).sorted().toArray();
        if (histories.length == 0 || histories[0] < 1) {
            throw new ConfigException("--history must list numbers of partitions of at least 1, found " + historyCounts);
        }
        int partitions = histories[histories.length - 1] + 1;

        SparkSession spark = SparkSessions.getOrCreate("continual-bench-history-scaling");
        Path work = Files.createTempDirectory("bench-history-");
        Path data = work.resolve("data");
        writePartitions(spark, source, data, partitions, rowsPerDate);
        System.out.printf(Locale.ROOT, "history-scaling: %d rows per daily partition, MLP 784-128-10, %d epochs,"
                + " master %s%n", rowsPerDate, epochs, spark.sparkContext().master());

        List<String> lines = new ArrayList<>();
        Map<String, Double> reservoirSeconds = new LinkedHashMap<>();
        for (int history : histories) {
            LocalDate date = FIRST.plusDays(history);
            Path parentStore = work.resolve("parent-" + history);
            JobConfig base = config(data, parentStore, epochs, "");
            new NightlyUpdate(spark, base, store(spark, base)).run(date.minusDays(1));

            Measured reservoir = timed(spark, copyOf(parentStore, work.resolve("reservoir-" + history)), data,
                    epochs, "replay.source = reservoir\n", date);
            Measured sampled = timed(spark, copyOf(parentStore, work.resolve("history-" + history)), data,
                    epochs, "replay.source = history\ndata.stored-holdout-rows = 0\n", date);
            Measured full = timed(spark, work.resolve("full-" + history), data, epochs,
                    "replay { source = history, ratio = 1000, max-rows = 2000000000 }\ndata.stored-holdout-rows = 0\n",
                    date);
            reservoirSeconds.put(String.valueOf(history), reservoir.seconds());
            String line = String.format(Locale.ROOT, "%8d  %9.1f %9.1f %8d  %9.1f %9.1f %8d  %9.1f %9.1f %8d",
                    history, reservoir.seconds(), reservoir.mib(), reservoir.partitionsRead(),
                    sampled.seconds(), sampled.mib(), sampled.partitionsRead(),
                    full.seconds(), full.mib(), full.partitionsRead());
            lines.add(line);
            System.out.println("  done: " + line + "   phases(reservoir) " + reservoir.phases());
            System.out.println("        phases(history) " + sampled.phases() + "   phases(full) " + full.phases());
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "%8s  %-29s  %-29s  %-29s%n", "", "reservoir replay (default)",
                "history sampling", "full retraining");
        System.out.printf(Locale.ROOT, "%8s  %9s %9s %8s  %9s %9s %8s  %9s %9s %8s%n", "history",
                "seconds", "MiB read", "dates", "seconds", "MiB read", "dates", "seconds", "MiB read", "dates");
        lines.forEach(System.out::println);
        double first = reservoirSeconds.get(String.valueOf(histories[0]));
        double last = reservoirSeconds.get(String.valueOf(histories[histories.length - 1]));
        System.out.printf(Locale.ROOT, "reservoir replay: time at %d historical partitions / time at %d = %.2f"
                + " (target <= 1.2)%n", histories[histories.length - 1], histories[0], last / first);
        FileUtils.deleteDirectory(work.toFile());
        spark.stop();
        return 0;
    }

    private static Measured timed(SparkSession spark, Path storeDir, Path data, int epochs, String extra,
                                  LocalDate date) {
        JobConfig config = config(data, storeDir, epochs, extra);
        HadoopModelStore store = store(spark, config);
        System.gc();
        long bytesBefore = bytesRead();
        long start = System.nanoTime();
        RunSummary summary = new NightlyUpdate(spark, config, store).run(date);
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes = bytesRead() - bytesBefore;
        return new Measured(seconds, bytes / 1048576.0, summary.partitionsRead().size(), summary.durationsMs());
    }

    private record Measured(double seconds, double mib, int partitionsRead, Map<String, Long> phases) {}

    @SuppressWarnings("deprecation")
    private static long bytesRead() {
        long total = 0;
        for (FileSystem.Statistics statistics : FileSystem.getAllStatistics()) {
            total += statistics.getBytesRead();
        }
        return total;
    }

    private static HadoopModelStore store(SparkSession spark, JobConfig config) {
        return new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());
    }

    private static JobConfig config(Path data, Path store, int epochs, String extra) {
        // The plain replay update (not the default, auto, which trains candidates): the cost these figures are
        // compared with, before and after, is one replay update's.
        String hocon = "model-name = bench\nstrategy = [replay]\n"
                + "store = \"" + store.toUri() + "\"\n"
                + "data { root = \"" + data.toUri() + "\", id-column = id, num-classes = 10, normalizer = global }\n"
                + "model.hidden-layers = [{size = 128, activation = relu}]\n"
                + "training { epochs = " + epochs + ", batch-size = 64, averaging-frequency = 10, worker-threads = 1 }\n"
                + extra;
        return JobConfigLoader.fromConfig(ConfigFactory.parseString(hocon), "history-scaling benchmark");
    }

    private static Path copyOf(Path from, Path to) throws IOException {
        FileUtils.copyDirectory(from.toFile(), to.toFile());
        return to;
    }

    private static void writePartitions(SparkSession spark, FashionMnistSource source, Path root, int partitions,
                                        int rowsPerDate) throws IOException {
        FashionMnistSource.Split train = source.read("train");
        float[][] images = train.images();
        int[] labels = train.labels();
        if ((long) partitions * rowsPerDate > images.length) {
            throw new ConfigException(partitions + " partitions of " + rowsPerDate + " rows need more than the "
                    + images.length + " Fashion-MNIST training rows; lower --rows-per-date or --history");
        }
        StructType schema = new StructType()
                .add("id", DataTypes.StringType, false)
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add("label", DataTypes.IntegerType, false);
        for (int d = 0; d < partitions; d++) {
            List<Row> rows = new ArrayList<>();
            for (int i = d * rowsPerDate; i < (d + 1) * rowsPerDate; i++) {
                Float[] boxed = new Float[images[i].length];
                for (int p = 0; p < boxed.length; p++) {
                    boxed[p] = images[i][p];
                }
                rows.add(RowFactory.create("train-" + i, boxed, labels[i]));
            }
            spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.Overwrite)
                    .parquet(root.resolve("date=" + FIRST.plusDays(d)).toString());
        }
    }
}
