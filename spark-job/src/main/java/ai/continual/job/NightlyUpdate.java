package ai.continual.job;

import static org.apache.spark.sql.functions.rand;

import ai.continual.config.JobConfig;
import ai.continual.config.Task;
import ai.continual.job.data.DataContractException;
import ai.continual.job.data.PartitionLayout;
import ai.continual.job.data.PartitionReader;
import ai.continual.job.data.ReplayComposition;
import ai.continual.job.data.ReplaySampler;
import ai.continual.job.data.TrainingRows;
import ai.continual.job.data.ValidatedPartition;
import ai.continual.evaluation.ContinualMetrics;
import ai.continual.evaluation.NegativeFlips;
import ai.continual.evaluation.PromotionGate;
import ai.continual.evaluation.VersionScores;
import ai.continual.fault.CrashPoints;
import ai.continual.job.eval.DistributedEvaluator;
import ai.continual.job.eval.NegativeFlipCounter;
import ai.continual.job.fault.TaskFaultInjection;
import ai.continual.job.strategy.AutoUpdate;
import ai.continual.job.strategy.SelectionRows;
import ai.continual.job.strategy.UpdateStrategy;
import ai.continual.config.StrategyMethod;
import ai.continual.selection.StrategySelection;
import ai.continual.model.OutputLayerGrowth;
import ai.continual.job.replay.ReplayMemory;
import ai.continual.job.train.DistributedTrainer;
import ai.continual.job.train.RowToDataSet;
import ai.continual.metrics.EvaluationResult;
import ai.continual.model.LayerFreezer;
import ai.continual.model.InitialNetwork;
import ai.continual.model.NetworkInputs;
import ai.continual.normalize.FeatureScaler;
import ai.continual.normalize.FeatureStatistics;
import ai.continual.provenance.InputPartition;
import ai.continual.provenance.RowCounts;
import ai.continual.provenance.RunSummary;
import ai.continual.provenance.SoftwareVersions;
import ai.continual.provenance.StoredArtifact;
import ai.continual.provenance.VersionManifest;
import ai.continual.secrets.Redaction;
import ai.continual.store.ModelStore;
import ai.continual.store.PendingVersion;
import ai.continual.store.PromotedVersion;
import ai.continual.store.StoredModel;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One nightly update of one model: load the production version (or build version 1), read and validate the
 * new partition, draw the replay sample from the parent's reservoir (or from history, see {@link ReplayMemory}),
 * apply the configured strategy ({@link UpdateStrategy}), train with parameter averaging, evaluate the new
 * partition's held-out rows and the stored sample of past ones, compute forgetting metrics, pass the promotion
 * gate, store the updated reservoir and sample, and commit the new version with its provenance.
 * {@link #retrain} instead trains from scratch on every partition up to the date (the upper-bound baseline)
 * and commits it the same way.
 */
public final class NightlyUpdate {

    private static final Logger LOG = LoggerFactory.getLogger(NightlyUpdate.class);

    private final SparkSession spark;
    private final JobConfig config;
    private final ModelStore store;
    private final InitialNetwork initial;

    public NightlyUpdate(SparkSession spark, JobConfig config, ModelStore store) {
        this(spark, config, store, InitialNetwork.fromConfig(config));
    }

    /** An update whose version 1, if the store has none yet, comes from {@code initial}. */
    public NightlyUpdate(SparkSession spark, JobConfig config, ModelStore store, InitialNetwork initial) {
        this.spark = spark;
        this.config = config;
        this.store = store;
        this.initial = initial;
    }

    /** Runs the update for partition {@code date} and returns its summary once the version is committed. */
    public RunSummary run(LocalDate date) {
        return update(date).summary();
    }

    /** Runs the update for partition {@code date}; the outcome says whether the gate promoted the version. */
    public UpdateOutcome update(LocalDate date) {
        return run(date, false);
    }

    /** Trains a new version from scratch on every partition up to {@code date}, marked {@code retrain}. */
    public UpdateOutcome retrain(LocalDate date) {
        return run(date, true);
    }

    private UpdateOutcome run(LocalDate date, boolean retrain) {
        PhaseTimer timer = new PhaseTimer();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String model = config.modelName();
        Task task = config.data().task();
        int numOutputs = task == Task.CLASSIFICATION ? config.data().numClasses() : 1;

        Optional<StoredModel> production = timer.time("load-model",
                () -> PromotedVersion.latest(store, model).map(v -> store.load(model, v)));
        Optional<StoredModel> parent = retrain ? Optional.empty() : production;
        int expectedFeatures = production.map(p -> NetworkInputs.flatInputSize(p.network())).orElse(0);

        PartitionReader reader = new PartitionReader(spark, config.data(),
                new PartitionLayout(config.data().root(), sc.hadoopConfiguration()));
        ValidatedPartition current = timer.time("read-new", () -> reader.read(date, expectedFeatures));
        CrashPoints.reach("update.after-read");
        int numFeatures = current.numFeatures();
        ReplayMemory memory = new ReplayMemory(spark, config, store, parent.map(StoredModel::manifest), date,
                () -> timer.time("read-history", () -> reader.layout().dates().stream()
                        .filter(d -> d.isBefore(date))
                        .map(d -> reader.read(d, numFeatures))
                        .toList()));
        List<ValidatedPartition> history = retrain ? memory.readHistory() : List.of();
        if (current.trainingRowCount() == 0) {
            throw new DataContractException("Partition date=" + date + " (" + current.path() + ") has no rows left"
                    + " to train on after the held-out split and invalid-row drops; lower data.holdout-fraction.");
        }

        // Reserve the version only once the data is known to be good: fails fast on an unwritable store.
        PendingVersion pending = store.begin(model);
        int outputsNeeded = numOutputs;
        if (task == Task.CLASSIFICATION && config.strategy().growOutputs()) {
            outputsNeeded = timer.time("label-range", () -> (int) labelledRows(current, history,
                    retrain ? Optional.empty() : memory.replayCandidates()).agg(org.apache.spark.sql.functions.max(TrainingRows.LABEL)).first().getDouble(0) + 1);
        }
        UpdateStrategy strategy = new UpdateStrategy(sc, config, parent);
        List<ValidatedPartition> trainedOn = new ArrayList<>(retrain ? history : List.of());
        trainedOn.add(current);
        // --- auto strategy (issue 12): held-out TRAINING rows that score its candidates; none trains on them.
        boolean auto = !retrain && config.strategy().uses(StrategyMethod.AUTO);
        Optional<SelectionRows> selectionSplit = auto && parent.isPresent()
                ? Optional.of(new SelectionRows(config.strategy().auto().selectionFraction(), config.seed()))
                : Optional.empty();
        Dataset<Row> allNewRows = selectionSplit.map(split -> split.training(current.trainingRows())).orElseGet(() ->
                trainedOn.stream().map(ValidatedPartition::trainingRows).reduce(Dataset::union).orElseThrow());
        long allNewRowCount = selectionSplit.isPresent() ? timer.time("selection-split", allNewRows::count)
                : trainedOn.stream().mapToLong(ValidatedPartition::trainingRowCount).sum();
        // Version 1 has no parent: it is not an incremental update, so max-new-rows does not starve it.
        long maxNewRows = parent.isPresent() ? config.training().maxNewRows() : config.training().initialMaxRows();
        boolean capped = !retrain && maxNewRows > 0 && allNewRowCount > maxNewRows;
        Dataset<Row> newRows = capped ? timer.time("sample-new", () -> sampleNewRows(allNewRows, allNewRowCount,
                maxNewRows)) : allNewRows;
        long newRowCount = capped ? timer.time("sample-new", newRows::count) : allNewRowCount;
        if (capped) {
            LOG.info("Training on {} of the new partition's {} training rows (training.{})", newRowCount,
                    allNewRowCount, parent.isPresent() ? "max-new-rows" : "initial-max-rows");
        }

        MultiLayerNetwork network;
        NormalizerStandardize normalizer;
        if (parent.isPresent()) {
            network = LayerFreezer.freeze(parent.get().network(), config.model(), config.training(), config.seed());
            network.setLearningRate(config.training().learningRate());
            normalizer = parent.get().normalizer();
        } else {
            network = initial.create(current.featureShape(), outputsNeeded);
            normalizer = timer.time("fit-normalizer", () -> fitNormalizer(newRows));
        }
        network = strategy.prepare(network, outputsNeeded);
        FeatureScaler scaler = FeatureScaler.of(normalizer);

        long replayTarget = config.replay().targetRows(newRowCount);
        Dataset<Row> replay = timer.time("replay-sample", () -> (retrain || replayTarget == 0
                ? Optional.<Dataset<Row>>empty() : memory.replayCandidates())
                .map(candidates -> selectionSplit.map(split -> split.training(candidates)).orElse(candidates))
                .map(candidates -> new ReplaySampler(config.replay(), task, replaySeed(pending.version()))
                        .sample(candidates, replayTarget))
                .orElse(current.trainingRows().limit(0)));
        ReplayComposition composition = timer.time("replay-sample", () -> ReplayComposition.of(replay, task));
        long replayRows = composition.total();

        Dataset<Row> training = newRows.union(replay).orderBy(rand(config.seed() + pending.version()));
        String exportRoot = config.training().exportDir().orElse(store.location() + "/" + model + "/_tmp");
        RowToDataSet toDataSet = new RowToDataSet(scaler, task,
                task == Task.CLASSIFICATION ? OutputLayerGrowth.outputs(network) : 1);
        MultiLayerNetwork start = network;
        Dataset<Row> heldOut = retrain
                ? history.stream().map(ValidatedPartition::heldOutRows).reduce(current.heldOutRows(), Dataset::union)
                : memory.pastHeldOut().map(past -> past.union(current.heldOutRows())).orElse(current.heldOutRows());
        UpdateStrategy.Finished finished;
        AutoUpdate.Result autoResult = null;
        if (auto) {
            // --- auto strategy (issue 12): train the candidates, score them on the selection rows, keep the best.
            Dataset<Row> selection = selectionSplit.map(split -> split.selection(current.trainingRows()).union(
                    memory.replayCandidates().map(split::selection).orElse(current.trainingRows().limit(0))))
                    .orElse(current.trainingRows().limit(0));
            autoResult = timer.time("train", () -> new AutoUpdate(sc, config, parent, strategy.parentWeights()).run(
                    new AutoUpdate.Inputs(start, scaler, toDataSet, newRows, newRowCount, replay, replayRows,
                            selection, date.toString(), exportRoot, config.seed() + pending.version())));
            finished = autoResult.finished();
            CrashPoints.reach("update.after-train");
        } else {
            MultiLayerNetwork trained = timer.time("train", () -> new DistributedTrainer(sc, config.training(),
                    config.seed()).fit(start, TaskFaultInjection.apply(sc.getConf(), strategy.examples(training,
                    toDataSet)), newRowCount + replayRows, exportRoot));
            CrashPoints.reach("update.after-train");
            finished = timer.time("strategy-finish", () -> strategy.finish(trained, scaler,
                    heldOut, training, newRowCount + replayRows, toDataSet));
        }
        StrategySelection selection = autoResult == null ? null : autoResult.selection();
        MultiLayerNetwork served = finished.network();
        Dataset<Row> evalRows = evaluationRows(sc, date, heldOut, numFeatures);
        Map<String, EvaluationResult> metrics = timer.time("evaluate", () -> evaluate(sc, served, scaler, evalRows));
        NegativeFlips flips = production.isEmpty() ? null : timer.time("negative-flips", () -> NegativeFlipCounter.count(
                sc, task, retrain ? production.get().network() : strategy.parentWeights().orElseThrow(),
                FeatureScaler.of(production.get().normalizer()), served, scaler, evalRows));
        ContinualMetrics continual = ContinualMetrics.of(task == Task.CLASSIFICATION ? "accuracy" : "r2",
                lineage(date, metrics), flips);
        PromotionGate.GateDecision decision = new PromotionGate(config.gate(), config.objective()).decide(continual,
                production.map(p -> scores(p.manifest().summary().metrics())));
        CrashPoints.reach("update.after-evaluate");
        List<StoredArtifact> artifacts = timer.time("store-samples", () -> memory.store(pending, current,
                selection != null && selection.historyDropped()));
        List<ValidatedPartition> evaluated = new ArrayList<>(retrain ? history : memory.historyRead());
        evaluated.add(current);

        List<String> partitionsRead = evaluated.stream().map(p -> p.date().toString()).toList();
        long dropped = evaluated.stream().mapToLong(ValidatedPartition::droppedRows).sum();
        RowCounts rows = new RowCounts(newRowCount, replayRows, composition.perClass(), dropped,
                current.heldOutCount());
        Integer parentVersion = parent.map(p -> p.manifest().version()).orElse(null);
        String kind = retrain ? "retrain" : parent.isPresent() ? "update" : "initial";
        String strategyLabel = retrain ? "retrain" : autoResult != null ? autoResult.label() : strategy.label();
        Map<String, Long> durations = new LinkedHashMap<>(timer.durationsMs());

        List<InputPartition> inputs = new ArrayList<>();
        for (ValidatedPartition p : evaluated) {
            inputs.add(new InputPartition(p == current ? "new" : "history", p.date().toString(),
                    Redaction.uris(p.path()), p.rowsRead(), p.bytes(),
                    composition.perDate().getOrDefault(p.date().toString(), 0L)));
        }
        inputs.addAll(memory.storedInputs(composition.perDate()));
        long commitStart = System.nanoTime();
        RunSummary draft = new RunSummary(model, pending.version(), parentVersion, date.toString(), kind,
                partitionsRead, rows, metrics, durations, selection);
        VersionManifest manifest = manifest(pending, parentVersion, kind, strategyLabel, inputs, draft, decision,
                continual, artifacts);
        store.commit(pending, new StoredModel(served, normalizer, manifest, finished.arrays()));
        durations.put("commit", (System.nanoTime() - commitStart) / 1_000_000);
        if (decision.promoted()) {
            LOG.info("{} version {} committed to {}", model, pending.version(), store.location());
        } else {
            LOG.warn("{} version {} written to {} but REJECTED by the promotion gate (production stays at {}): {}",
                    model, pending.version(), store.location(),
                    production.map(p -> String.valueOf(p.manifest().version())).orElse("none"), decision.reasons());
        }
        return new UpdateOutcome(new RunSummary(model, pending.version(), parentVersion, date.toString(), kind,
                partitionsRead, rows, metrics, durations, selection), manifest);
    }

    /** Rows of every partition seen so far (held-out and training), to read the label range from. */
    /** Rows whose labels the output layer must cover: the new partition, history read, replay candidates. */
    private static Dataset<Row> labelledRows(ValidatedPartition current, List<ValidatedPartition> history,
                                             Optional<Dataset<Row>> replayCandidates) {
        Dataset<Row> rows = current.rows().select(TrainingRows.LABEL);
        for (ValidatedPartition p : history) {
            rows = rows.union(p.rows().select(TrainingRows.LABEL));
        }
        return replayCandidates.map(c -> c.select(TrainingRows.LABEL)).map(rows::union).orElse(rows);
    }

    /** Score rows of the promoted versions so far, oldest first, then this version's. */
    private List<VersionScores> lineage(LocalDate date, Map<String, EvaluationResult> metrics) {
        List<VersionScores> rows = new ArrayList<>();
        for (int version : store.versions(config.modelName())) {
            VersionManifest m = store.manifest(config.modelName(), version);
            if (!m.wasRejected() && m.summary() != null && LocalDate.parse(m.summary().date()).isBefore(date)) {
                rows.add(new VersionScores(String.valueOf(version), m.summary().date(), scores(m.summary().metrics())));
            }
        }
        rows.add(new VersionScores("new", date.toString(), scores(metrics)));
        return rows;
    }

    private Map<String, Double> scores(Map<String, EvaluationResult> metrics) {
        Map<String, Double> out = new TreeMap<>();
        metrics.forEach((partition, result) -> {
            Double score = UpdateStrategy.score(config.data().task(), result);
            if (score != null) {
                out.put(partition, score);
            }
        });
        return out;
    }

    private Map<String, EvaluationResult> evaluate(JavaSparkContext sc, MultiLayerNetwork network, FeatureScaler scaler,
                                                   Dataset<Row> rows) {
        int numClasses = config.data().task() == Task.CLASSIFICATION ? config.data().numClasses() : 1;
        return new DistributedEvaluator(sc, config.data().task(), numClasses).evaluateByDate(network, scaler, rows);
    }

    /** The eval-root partitions up to {@code date} if configured, else {@code heldOut}. */
    private Dataset<Row> evaluationRows(JavaSparkContext sc, LocalDate date, Dataset<Row> heldOut, int numFeatures) {
        Dataset<Row> rows;
        if (config.data().evalRoot().isPresent()) {
            PartitionReader evalReader = new PartitionReader(spark, config.data(),
                    new PartitionLayout(config.data().evalRoot().get(), sc.hadoopConfiguration()));
            rows = evalReader.layout().dates().stream()
                    .filter(d -> !d.isAfter(date))
                    .map(d -> evalReader.read(d, numFeatures).rows())
                    .reduce(Dataset::union)
                    .orElseThrow(() -> new DataContractException("data.eval-root " + config.data().evalRoot().get()
                            + " has no partition at or before " + date));
        } else {
            rows = heldOut;
        }
        return rows;
    }

    /**
     * The seed of version {@code version}'s replay draw: the same on a rerun of that version, another for the
     * next one. One seed for every version drew the same rows from the (mostly unchanged) reservoir night after
     * night, so replay saw a few hundred rows per old class however large the reservoir was.
     */
    private long replaySeed(int version) {
        return config.seed() + 7919L * version;
    }

    /**
     * A seeded uniform sample of exactly {@code target} of {@code rows} (of {@code count}): a
     * Bernoulli pre-sample a few standard deviations above the target keeps the sort small on large partitions,
     * then a seeded order and a limit make the size exact.
     */
    private Dataset<Row> sampleNewRows(Dataset<Row> rows, long count, long target) {
        double fraction = Math.min(1.0, (target + 10 * Math.sqrt(target) + 10) / count);
        return rows.sample(false, fraction, config.seed()).orderBy(rand(config.seed())).limit((int) target);
    }

    private NormalizerStandardize fitNormalizer(Dataset<Row> rows) {
        FeatureStatistics stats = rows.select(TrainingRows.FEATURES).toJavaRDD()
                .map(row -> {
                    List<Double> values = row.getList(0);
                    double[] features = new double[values.size()];
                    for (int i = 0; i < features.length; i++) {
                        features[i] = values.get(i);
                    }
                    return features;
                })
                .treeAggregate(new FeatureStatistics(), FeatureStatistics::add, FeatureStatistics::merge);
        return stats.toNormalizer(config.data().normalizer());
    }

    private VersionManifest manifest(PendingVersion pending, Integer parent, String kind, String strategy,
                                     List<InputPartition> inputs, RunSummary summary,
                                     PromotionGate.GateDecision decision, ContinualMetrics continual,
                                     List<StoredArtifact> artifacts) {
        Map<String, String> software = new LinkedHashMap<>(SoftwareVersions.current());
        software.put("spark", spark.version());
        return new VersionManifest(VersionManifest.CURRENT_FORMAT, pending.model(), pending.version(), parent, kind,
                Instant.now().toString(), config.seed(), strategy, config.hash(), Redaction.settings(config.effective()),
                inputs, summary, software, SoftwareVersions.gitCommit(),
                parent == null ? initial.source().orElse(null) : null,
                decision.promoted() ? VersionManifest.STATUS_COMMITTED : VersionManifest.STATUS_REJECTED,
                decision.reasons(), continual, artifacts);
    }
}
