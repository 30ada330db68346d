package ai.continual.tools.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import ai.continual.config.JobConfig;
import ai.continual.config.JobConfigLoader;
import ai.continual.job.NightlyUpdate;
import ai.continual.job.SparkSessions;
import ai.continual.job.train.DistributedTrainer;
import ai.continual.provenance.RunSummary;
import ai.continual.store.HadoopModelStore;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.io.file.PathUtils;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench/update-cost}: what one nightly update costs beside what it trains, in one run: the per-phase
 * times of one update at a small and a large generated partition (with the share of the phases that are not
 * training, peak memory, and the machine's floor beside it: one bare scan of the partition, an empty Spark job, the
 * update's job count), the same large update's minibatches against the storage memory it has (the case
 * of data larger than executor memory), and a 5-date stream of updates against full retrains (wall time and
 * examples as ratios of retrain's, and each run's mean time per phase). Generated rows: 784 features (an MLP
 * 784-400-400-10, as on Fashion-MNIST), 10 classes, uniform noise plus a class signal, written as Parquet.
 */
@Command(name = "update-cost", mixinStandardHelpOptions = true,
        description = "Per-phase times of one update at a small and a large generated partition, and a 5-date stream"
                + " of updates against full retrains, measured in one run.")
public final class UpdateCostBenchmark implements Callable<Integer> {

    private static final LocalDate FIRST = LocalDate.of(2026, 1, 1);
    private static final int FEATURES = 784;

    @Option(names = "--quick", description = "3k / 60k rows instead of 12k / 600k (a few minutes).")
    boolean quick;

    @Option(names = "--small-rows", description = "Rows of the small update (default 12000; 3000 with --quick).")
    Integer smallRowsOption;

    @Option(names = "--large-rows", description = "Rows of the large update (default 600000; 60000 with --quick).")
    Integer largeRowsOption;

    @Option(names = "--stream-rows", description = "Rows per date of the stream (default 12000; 3000 with --quick).")
    Integer streamRowsOption;

    @Option(names = "--dates", defaultValue = "5", description = "Dates of the stream (default ${DEFAULT-VALUE}).")
    int dates;

    @Option(names = "--epochs", defaultValue = "2",
            description = "Epochs of the stream and the small update (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--large-epochs", defaultValue = "1",
            description = "Epochs of the large update (default ${DEFAULT-VALUE}).")
    int largeEpochs;

    @Option(names = "--skip", defaultValue = "", description = "Parts to skip: large, stream, or both (large,stream).")
    String skip;

    @Override
    public Integer call() throws IOException {
        int smallRows = smallRowsOption != null ? smallRowsOption : quick ? 3000 : 12000;
        int largeRows = largeRowsOption != null ? largeRowsOption : quick ? 60000 : 600000;
        int streamRows = streamRowsOption != null ? streamRowsOption : quick ? 3000 : 12000;

        String load = machineLoad();   // before Spark's own start adds to it
        SparkSession spark = SparkSessions.getOrCreate("continual-bench-update-cost");
        Path work = Files.createTempDirectory("bench-update-cost-");
        MemoryProbe probe = MemoryProbe.start();
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "bench/update-cost on %s, driver max heap %d MiB, storage memory %d MiB%n"
                        + "  %s%n", spark.sparkContext().master(), Runtime.getRuntime().maxMemory() >> 20,
                storageMemoryMiB(spark), load));
        try {
            List<String[]> phaseRows = new ArrayList<>();
            phaseRows.add(oneUpdate(spark, work.resolve("small"), smallRows, epochs, probe, report));
            if (!skip.contains("large")) {
                phaseRows.add(oneUpdate(spark, work.resolve("large"), largeRows, largeEpochs, probe, report));
            }
            if (!skip.contains("stream")) {
                stream(spark, work.resolve("stream"), streamRows, dates, epochs, report);
            }
        } finally {
            probe.stop();
            PathUtils.deleteDirectory(work);
        }
        System.out.println();
        System.out.println(report);
        return 0;
    }

    /** Per-phase times of one update on a {@code rows}-row partition (the parent trained on a small first date). */
    private static String[] oneUpdate(SparkSession spark, Path dir, int rows, int epochs, MemoryProbe probe,
                                      StringBuilder report) {
        Path data = dir.resolve("data");
        write(spark, data, FIRST, Math.min(rows, 3000), 1);
        write(spark, data, FIRST.plusDays(1), rows, 2);
        JobConfig config = config(data, dir.resolve("store"), epochs);
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());
        new NightlyUpdate(spark, config, store).run(FIRST);
        probe.reset();
        JobCounter jobs = new JobCounter();
        spark.sparkContext().addSparkListener(jobs);
        long start = System.nanoTime();
        RunSummary summary;
        long wall;
        try {
            summary = new NightlyUpdate(spark, config, store).run(FIRST.plusDays(1));
            wall = (System.nanoTime() - start) / 1_000_000;
        } finally {
            try {
                // Listener events arrive asynchronously: deliver the update's last ones before counting stops.
                spark.sparkContext().listenerBus().waitUntilEmpty();
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("Spark's listener bus did not drain", e);
            }
            spark.sparkContext().removeSparkListener(jobs);
        }
        MemoryProbe.Peaks peaks = probe.snapshot();
        Map<String, Long> phases = summary.durationsMs();
        long train = phases.getOrDefault("train", 0L);
        long examples = (summary.rows().newRows() + summary.rows().replayRows()) * epochs;
        long minibatchMiB = (summary.rows().newRows() + summary.rows().replayRows()) * (FEATURES + 10L) * 4 >> 20;
        report.append(String.format(Locale.ROOT, "%nOne update on %,d new rows (%d epoch%s, %,d examples trained):%n",
                rows, epochs, epochs == 1 ? "" : "s", examples));
        phases.forEach((phase, ms) -> report.append(String.format(Locale.ROOT, "  %-16s %8.1f s  %5.1f %%%n", phase,
                ms / 1000.0, 100.0 * ms / Math.max(1, wall))));
        report.append(String.format(Locale.ROOT, "  %-16s %8.1f s%n", "wall", wall / 1000.0));
        report.append(String.format(Locale.ROOT, "  non-training phases: %.1f %% of the update; training %.0f examples/s,"
                        + " %.3f ms per example%n", 100.0 * (wall - train) / Math.max(1, wall),
                examples * 1000.0 / Math.max(1, train), train / (double) Math.max(1, examples)));
        report.append(String.format(Locale.ROOT, "  peak memory: heap %d MiB, RSS %d MiB (outside heap %d MiB);"
                        + " minibatches %d MiB vs storage memory %d MiB%s%n", peaks.heapMiB(), peaks.rssMiB(),
                peaks.nonHeapMiB(), minibatchMiB, storageMemoryMiB(spark),
                minibatchMiB > storageMemoryMiB(spark) / 2 ? " -> larger than memory: kept serialised on disk" : ""));
        Floor floor = Floor.measure(spark, data.resolve("date=" + FIRST.plusDays(1)));
        report.append(String.format(Locale.ROOT, "  floor on this machine: one bare scan of the new partition %.1f s,"
                        + " an empty Spark job %.0f ms (the update ran %d Spark jobs, %d of them outside the train phase's"
                        + " averaging rounds); an update that did nothing but that one scan besides training would"
                        + " spend %.1f %% outside training%n", floor.scanMs() / 1000.0, floor.emptyJobMs(),
                jobs.count(), jobs.count() - jobs.rounds(),
                100.0 * floor.scanMs() / Math.max(1, floor.scanMs() + train)));
        return new String[] {String.valueOf(rows), String.valueOf(train), String.valueOf(examples)};
    }

    /** Counts the Spark jobs started while it listens, and those of parameter averaging's rounds apart. */
    static final class JobCounter extends org.apache.spark.scheduler.SparkListener {
        private final AtomicInteger count = new AtomicInteger();
        private final AtomicInteger rounds = new AtomicInteger();

        @Override
        public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
            count.incrementAndGet();
            String description = start.properties() == null ? null
                    : start.properties().getProperty("spark.job.description");
            if (description != null && description.startsWith(DistributedTrainer.ROUND_JOB)) {
                rounds.incrementAndGet();
            }
        }

        int count() {
            return count.get();
        }

        int rounds() {
            return rounds.get();
        }
    }

    /**
     * What any update of the partition costs at least on this machine, measured beside it: the faster of two bare
     * scans that decode every feature (an update must read its new rows once, to validate them and to train), and
     * the median of five Spark jobs that do nothing (each of an update's phases runs at least one).
     */
    record Floor(long scanMs, double emptyJobMs) {
        static Floor measure(SparkSession spark, Path partition) {
            long scan = Long.MAX_VALUE;
            for (int i = 0; i < 2; i++) {
                long start = System.nanoTime();
                spark.read().parquet(partition.toString())
                        .agg(expr("count(*)"), expr("max(array_max(features))")).first();
                scan = Math.min(scan, (System.nanoTime() - start) / 1_000_000);
            }
            double[] empty = new double[5];
            for (int i = 0; i < empty.length; i++) {
                long start = System.nanoTime();
                spark.range(1).javaRDD().count();
                empty[i] = (System.nanoTime() - start) / 1e6;
            }
            java.util.Arrays.sort(empty);
            return new Floor(scan, empty[empty.length / 2]);
        }
    }

    /**
     * {@code dates} dates of {@code rows} rows: a chain of plain replay updates (the pinned config every figure in
     * docs/performance.md compares), a chain of updates with the shipped defaults (strategy auto, its candidates
     * and budget) and a full retrain on each date, date by date; then each run's mean time per phase over dates 2
     * on, which says where one run's time goes beside another's.
     */
    private static void stream(SparkSession spark, Path dir, int rows, int dates, int epochs, StringBuilder report) {
        Path data = dir.resolve("data");
        for (int d = 0; d < dates; d++) {
            write(spark, data, FIRST.plusDays(d), rows, 10 + d);
        }
        List<String> names = List.of("replay", "default", "retrain");
        List<JobConfig> configs = List.of(config(data, dir.resolve("updates"), epochs),
                shippedDefaults(data, dir.resolve("defaults"), epochs), config(data, dir.resolve("retrains"), epochs));
        report.append(String.format(Locale.ROOT, "%n%d-date stream of %,d rows per date, %d epochs: updates (plain replay,"
                + " and the shipped default) vs full retrain%n  %-10s", dates, rows, epochs, "date"));
        names.forEach(name -> report.append(String.format(Locale.ROOT, " %10s %12s", name + " s", "examples")));
        report.append(String.format(Locale.ROOT, "%n"));
        double[] seconds = new double[names.size()];
        long[] examples = new long[names.size()];
        // Per run and phase, the milliseconds summed over dates 2 on; "unphased" is the wall time no phase timed.
        List<Map<String, Long>> phaseMs = new ArrayList<>();
        names.forEach(name -> phaseMs.add(new LinkedHashMap<>()));
        for (int d = 0; d < dates; d++) {
            LocalDate date = FIRST.plusDays(d);
            double[] walls = new double[names.size()];
            long[] trainedBy = new long[names.size()];
            // Each date's three runs in an order rotated per date, as compare does: none always runs first.
            for (int k = 0; k < names.size(); k++) {
                int i = (k + d) % names.size();
                JobConfig config = configs.get(i);
                HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());
                long start = System.nanoTime();
                NightlyUpdate run = new NightlyUpdate(spark, config, store);
                RunSummary summary = names.get(i).equals("retrain") ? run.retrain(date).summary() : run.run(date);
                walls[i] = (System.nanoTime() - start) / 1e9;
                trainedBy[i] = summary.trainingExamples(epochs);
                if (d > 0) {
                    long phased = 0;
                    for (Map.Entry<String, Long> phase : summary.durationsMs().entrySet()) {
                        phaseMs.get(i).merge(phase.getKey(), phase.getValue(), Long::sum);
                        phased += phase.getValue();
                    }
                    phaseMs.get(i).merge("unphased", Math.round(walls[i] * 1000) - phased, Long::sum);
                }
            }
            report.append(String.format(Locale.ROOT, "  %-10s", date));
            for (int i = 0; i < names.size(); i++) {
                report.append(String.format(Locale.ROOT, " %10.1f %12d", walls[i], trainedBy[i]));
                if (d > 0) {   // date 1 is a first training for all three
                    seconds[i] += walls[i];
                    examples[i] += trainedBy[i];
                }
            }
            report.append(String.format(Locale.ROOT, "%n"));
        }
        report.append(String.format(Locale.ROOT, "  mean per run over dates 2-%d, by phase (s):%n  %-16s", dates,
                "phase"));
        names.forEach(name -> report.append(String.format(Locale.ROOT, " %10s", name)));
        report.append(String.format(Locale.ROOT, "%n"));
        Set<String> allPhases = new LinkedHashSet<>();
        phaseMs.forEach(m -> allPhases.addAll(m.keySet()));
        allPhases.remove("unphased");
        allPhases.add("unphased");   // last: what the phases do not cover (planning, store listing, lease)
        for (String phase : allPhases) {
            report.append(String.format(Locale.ROOT, "  %-16s", phase));
            phaseMs.forEach(m -> report.append(String.format(Locale.ROOT, " %10.2f",
                    m.getOrDefault(phase, 0L) / 1000.0 / Math.max(1, dates - 1))));
            report.append(String.format(Locale.ROOT, "%n"));
        }
        int retrain = names.indexOf("retrain");
        for (int i = 0; i < retrain; i++) {
            double timeRatio = seconds[i] / Math.max(1e-9, seconds[retrain]);
            double exampleRatio = (double) examples[i] / Math.max(1, examples[retrain]);
            report.append(String.format(Locale.ROOT, "  dates 2-%d, %s: update wall time %.2f of retrain's for %.2f of"
                            + " its examples (time ratio / example ratio = %.2f; target <= 1.5)%n", dates, names.get(i),
                    timeRatio, exampleRatio, timeRatio / Math.max(1e-9, exampleRatio)));
        }
    }

    /** The shipped defaults (no strategy, replay or training pins), on the benchmark's data and model. */
    private static JobConfig shippedDefaults(Path data, Path store, int epochs) {
        return JobConfigLoader.fromConfig(ConfigFactory.parseString(dataAndModel(data, store, epochs)),
                "update-cost benchmark, shipped defaults");
    }

    /**
     * The machine's load average over the last minute against its cores, before the benchmark's own work: above half
     * the cores, other jobs share them and absolute times are not comparable between runs (ratios within one run
     * still are).
     */
    private static String machineLoad() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        if (load < 0) {
            return "load average unknown on this system";
        }
        return String.format(Locale.ROOT, "load average %.2f on %d cores at the start: %s", load, cores,
                load > cores / 2.0 ? "CONTENDED (other jobs share the cores; compare ratios, not absolute times)"
                        : "idle");
    }

    private static long storageMemoryMiB(SparkSession spark) {
        long max = 0;
        for (Object value : scala.collection.JavaConverters.mapAsJavaMap(spark.sparkContext().getExecutorMemoryStatus())
                .values()) {
            max += (Long) ((scala.Tuple2<?, ?>) value)._1();
        }
        return max >> 20;
    }

    /** {@code rows} generated rows as the Parquet partition {@code root/date=...}. */
    private static void write(SparkSession spark, Path root, LocalDate date, int rows, int seed) {
        long base = (long) seed * 100_000_000L;
        spark.range(base, base + rows, 1, Math.max(2, rows / 50_000))
                .select(expr("concat('r', id)").as("id"),
                        expr("transform(sequence(0, " + (FEATURES - 1) + "), i -> CAST((xxhash64(id, i) & 1023) / 1023.0"
                                + " - 0.5 + IF(i % 10 = id % 10, 0.6, 0.0) AS FLOAT))").as("features"),
                        col("id").mod(10).cast("int").as("label"))
                .write().mode(SaveMode.Overwrite).parquet(root.resolve("date=" + date).toString());
    }

    private static JobConfig config(Path data, Path store, int epochs) {
        // The plain replay update (not the default, auto, which trains candidates): the cost these figures are
        // compared with, before and after, is one replay update's.
        String hocon = dataAndModel(data, store, epochs) + "strategy = [replay]\n"
                // The replay mix of the runs docs/performance.md compares against (the defaults before 2026-12-01).
                + "replay { ratio = 1, max-rows = 2000 }\n";
        return JobConfigLoader.fromConfig(ConfigFactory.parseString(hocon), "update-cost benchmark");
    }

    /** The benchmark's model name, store, data, network and epochs, shared by every config it runs. */
    private static String dataAndModel(Path data, Path store, int epochs) {
        return "model-name = bench\n"
                + "store = \"" + store.toUri() + "\"\n"
                + "data { root = \"" + data.toUri() + "\", id-column = id, num-classes = 10, normalizer = global }\n"
                + "model.hidden-layers = [{size = 400, activation = relu}, {size = 400, activation = relu}]\n"
                + "training { epochs = " + epochs + " }\n";
    }
}
