package ai.continual.job.compare;

import ai.continual.config.ConfigException;
import ai.continual.config.JobConfig;
import ai.continual.config.JobConfigLoader;
import ai.continual.config.Task;
import ai.continual.evaluation.AccuracyMatrix;
import ai.continual.evaluation.ForgettingMetrics;
import ai.continual.evaluation.VersionScores;
import ai.continual.job.NightlyUpdate;
import ai.continual.job.data.PartitionLayout;
import ai.continual.job.plan.LeasedRun;
import ai.continual.job.plan.RunKind;
import ai.continual.job.plan.RunRequest;
import ai.continual.job.strategy.UpdateStrategy;
import ai.continual.provenance.VersionManifest;
import ai.continual.report.Comparison;
import ai.continual.report.ComparisonRun;
import ai.continual.report.StrategyResult;
import ai.continual.store.HadoopModelStore;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * Simulates nightly updates over a date range for several strategies side by side, plus a full retrain at
 * each date, all from one config. Each strategy writes to its own store under {@code <out>/stores/}; the
 * comparison is then read back from the manifests, so the report shows exactly what was stored. Every
 * simulated night runs through the same pipeline as {@code update} and {@code retrain} ({@link LeasedRun}: one
 * lease per run on that strategy's store, plan, execute, promote when the gate passes).
 */
public final class ComparisonRunner {

    /**
     * The lease each simulated run holds on its strategy's store, renewed by heartbeat like an update's (one lease
     * per run, so a second compare into the same folder fails with exit 7 instead of mixing versions).
     */
    static final Duration LEASE_TTL = Duration.ofMinutes(2);

    /** The folder under {@code --out} of the warm-up run's scratch store, deleted once the warm-up is done. */
    static final String WARM_UP_FOLDER = "warm-up";

    private final SparkSession spark;
    private final Config userConfig;
    private final String origin;
    private final PrintStream progress;

    public ComparisonRunner(SparkSession spark, Config userConfig, String origin, PrintStream progress) {
        this.spark = spark;
        this.userConfig = userConfig;
        this.origin = origin;
        this.progress = progress;
    }

    /**
     * Runs every strategy (retrain among them when listed) on the dates in [from, to], date by date, with the
     * strategies' order rotated from one date to the next; with {@code warmUp}, first an untimed run of the first
     * strategy on the first date into a scratch store that is deleted again.
     */
    public Comparison run(List<ComparedStrategy> strategies, LocalDate from, LocalDate to, Path out, boolean warmUp) {
        JobConfig base = JobConfigLoader.fromConfig(userConfig, origin);
        List<LocalDate> dates = new PartitionLayout(base.data().root(), spark.sparkContext().hadoopConfiguration())
                .dates().stream().filter(d -> !d.isBefore(from) && !d.isAfter(to)).toList();
        if (dates.isEmpty()) {
            throw new ConfigException("No partition of data.root " + base.data().root() + " lies between " + from
                    + " and " + to + "; check --from/--to and the date=YYYY-MM-DD folders");
        }
        List<String> labels = strategies.stream().map(ComparedStrategy::name).toList();
        List<JobConfig> configs = new ArrayList<>();
        java.util.Set<String> storeNames = new java.util.HashSet<>();
        for (ComparedStrategy strategy : strategies) {
            String storeName = strategy.name().replaceAll("[^A-Za-z0-9.-]+", "_");
            if (!storeNames.add(storeName)) {
                throw new ConfigException("Two compared strategies would share the store folder '" + storeName
                        + "' (" + strategy.name() + "); name one of them differently, e.g. tuned=" + strategy.methods());
            }
            JobConfig job = config(strategy, out.resolve("stores").resolve(storeName));
            HadoopModelStore store = store(spark, job);
            if (!store.versions(job.modelName()).isEmpty()) {
                throw new ConfigException("The comparison store " + store.location() + " already holds versions of '"
                        + job.modelName() + "'; pass an empty --out folder");
            }
            configs.add(job);
        }

        if (warmUp) {
            warmUp(strategies.get(0), dates.get(0), out.resolve(WARM_UP_FOLDER));
        }
        int total = labels.size() * dates.size();
        int done = 0;
        long start = System.nanoTime();
        // Date by date, each date's strategies in a rotated order: a JVM keeps getting faster for many runs after the
        // warm-up (code compiled, Spark's plans cached), so running one strategy's dates all before the next one's
        // would charge the first strategy for it and flatter the last (docs/strategies.md).
        List<HadoopModelStore> stores = configs.stream().map(job -> store(spark, job)).toList();
        for (int d = 0; d < dates.size(); d++) {
            LocalDate date = dates.get(d);
            for (int s : runOrder(labels.size(), d)) {
                var outcome = runOnce(strategies.get(s), configs.get(s), stores.get(s), date).outcome().orElseThrow();
                done++;
                long elapsed = System.nanoTime() - start;
                long eta = elapsed / done * (total - done);
                var continual = outcome.manifest().continual();
                progress.printf(Locale.ROOT, "[%d/%d] %-24s %s  version %d %s  avg %s  elapsed %s  ETA %s%n", done, total,
                        labels.get(s), date, outcome.summary().version(), String.valueOf(outcome.manifest().status()),
                        continual == null || continual.averageScore() == null ? "-"
                                : String.format(Locale.ROOT, "%.4f", continual.averageScore()),
                        format(Duration.ofNanos(elapsed)), format(Duration.ofNanos(eta)));
                progress.flush();
            }
        }

        List<StrategyResult> results = new ArrayList<>();
        for (int s = 0; s < labels.size(); s++) {
            results.add(readBack(strategies.get(s), configs.get(s), stores.get(s)));
        }
        return new Comparison(base.modelName(), base.hash(),
                base.data().task() == Task.CLASSIFICATION ? "accuracy" : "r2", base.training().epochs(),
                base.training().maxUpdateExamples() > 0 ? 0 : base.training().forUpdate().epochs(),
                dates.stream().map(LocalDate::toString).toList(), results, base.objective().describe());
    }

    /** The strategies' indices in the order they run on the {@code dateIndex}-th date: 0..n-1 rotated by it. */
    static int[] runOrder(int strategies, int dateIndex) {
        int[] order = new int[strategies];
        for (int i = 0; i < strategies; i++) {
            order[i] = (i + dateIndex) % strategies;
        }
        return order;
    }

    /**
     * Runs {@code strategy} on {@code date} once into a scratch store under {@code folder}, then deletes the folder.
     * The first run in a JVM pays for loading classes and native libraries, compiling hot code and planning Spark's
     * first queries (seconds to tens of seconds, measured in docs/strategies.md); without this, whichever strategy
     * runs first is charged for it and its wall-time ratio against retrain is inflated. The run goes through the
     * same pipeline as every compared run; its results are not read.
     */
    private void warmUp(ComparedStrategy strategy, LocalDate date, Path folder) {
        deleteFolder(folder);   // left behind by a compare killed during its warm-up
        JobConfig job = config(strategy, folder);
        HadoopModelStore store = store(spark, job);
        long start = System.nanoTime();
        runOnce(strategy, job, store, date);
        deleteFolder(folder);
        progress.printf(Locale.ROOT, "[warm-up] %s %s: %d s, not timed, store deleted (--no-warm-up skips it)%n",
                strategy.name(), date, Duration.ofNanos(System.nanoTime() - start).toSeconds());
        progress.flush();
    }

    /** One simulated night of {@code strategy}: its own lease on {@code store}, then the update or retrain pipeline. */
    private LeasedRun.Result runOnce(ComparedStrategy strategy, JobConfig job, HadoopModelStore store, LocalDate date) {
        return new LeasedRun(store, store.leases(LEASE_TTL), job.modelName()).run(
                RunRequest.of(strategy.isRetrain() ? RunKind.RETRAIN : RunKind.UPDATE, date), false,
                () -> new NightlyUpdate(spark, job, store));
    }

    private void deleteFolder(Path folder) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(folder.toUri());
        try {
            path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the warm-up store " + folder + "; delete it by hand", e);
        }
    }

    /** The job config of one compared strategy: the user's config, the strategy's settings, its own store. */
    private JobConfig config(ComparedStrategy strategy, Path storeFolder) {
        Config c = JobConfigLoader.applyOverrides(userConfig, strategy.settings())
                .withValue("store", ConfigValueFactory.fromAnyRef(storeFolder.toUri().toString()));
        if (!strategy.isRetrain() && !strategy.isConfigured()) {
            c = c.withValue("strategy", ConfigValueFactory.fromAnyRef(strategy.methods()));
        }
        return JobConfigLoader.fromConfig(c, origin + " (strategy " + strategy.name() + ")");
    }

    /** One strategy's runs as its manifests record them. */
    static StrategyResult readBack(ComparedStrategy strategy, JobConfig job, HadoopModelStore store) {
        List<VersionManifest> manifests = store.versions(job.modelName()).stream()
                .map(v -> store.manifest(job.modelName(), v)).toList();
        List<VersionScores> rows = new ArrayList<>();
        for (VersionManifest m : manifests) {
            Map<String, Double> scores = new TreeMap<>();
            m.summary().metrics().forEach((partition, result) -> {
                Double score = UpdateStrategy.score(job.data().task(), result);
                if (score != null) {
                    scores.put(partition, score);
                }
            });
            rows.add(new VersionScores(String.valueOf(m.version()), m.summary().date(), scores));
        }
        AccuracyMatrix matrix = AccuracyMatrix.of(rows);
        List<ComparisonRun> runs = new ArrayList<>();
        for (int i = 0; i < manifests.size(); i++) {
            VersionManifest m = manifests.get(i);
            long examples = m.summary().trainingExamples(job.training().epochs());
            long wall = m.summary().durationsMs().values().stream().mapToLong(Long::longValue).sum();
            var flips = m.continual() == null ? null : m.continual().negativeFlips();
            runs.add(new ComparisonRun(m.summary().date(), m.version(), String.valueOf(m.status()), rows.get(i).scores(),
                    ForgettingMetrics.averageScore(matrix, i), ForgettingMetrics.averageForgetting(matrix, i),
                    ForgettingMetrics.backwardTransfer(matrix, i), rows.get(i).scores().get(m.summary().date()),
                    flips == null ? null : flips.rate(), examples, wall, job.objective().score(rows.get(i).scores())));
        }
        return new StrategyResult(strategy.name(), store.location(), strategy.settings(), runs, matrix);
    }

    private static HadoopModelStore store(SparkSession spark, JobConfig job) {
        return new HadoopModelStore(job.store(), spark.sparkContext().hadoopConfiguration());
    }

    private static String format(Duration d) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
