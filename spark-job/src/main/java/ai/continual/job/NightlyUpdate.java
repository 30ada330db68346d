package ai.continual.job;

import static org.apache.spark.sql.functions.rand;

import ai.continual.config.ConfigException;
import ai.continual.config.JobConfig;
import ai.continual.config.StrategyMethod;
import ai.continual.config.Task;
import ai.continual.config.TrainingConfig;
import ai.continual.evaluation.ContinualMetrics;
import ai.continual.evaluation.NegativeFlips;
import ai.continual.evaluation.PromotionGate;
import ai.continual.evaluation.VersionScores;
import ai.continual.fault.CrashPoints;
import ai.continual.job.data.DataContractException;
import ai.continual.job.data.ExampleRow;
import ai.continual.job.data.PartitionLayout;
import ai.continual.job.data.PartitionReader;
import ai.continual.job.data.ReplayComposition;
import ai.continual.job.data.TrainingRows;
import ai.continual.job.data.ValidatedPartition;
import ai.continual.job.eval.DistributedEvaluator;
import ai.continual.job.fault.TaskFaultInjection;
import ai.continual.job.plan.RunKey;
import ai.continual.job.plan.RunKind;
import ai.continual.job.plan.RunRequest;
import ai.continual.job.plan.UpdatePlan;
import ai.continual.job.replay.PartitionPriorities;
import ai.continual.job.replay.ReplayMemory;
import ai.continual.job.replay.ReplaySampler;
import ai.continual.job.strategy.AutoUpdate;
import ai.continual.job.strategy.SelectionRows;
import ai.continual.job.strategy.UpdateStrategy;
import ai.continual.job.train.DistributedTrainer;
import ai.continual.job.train.RowToDataSet;
import ai.continual.job.train.TrainingOrder;
import ai.continual.metrics.EvaluationResult;
import ai.continual.model.InitialNetwork;
import ai.continual.model.LayerFreezer;
import ai.continual.model.NetworkInputs;
import ai.continual.model.OutputLayerGrowth;
import ai.continual.normalize.FeatureStatistics;
import ai.continual.normalize.Standardizer;
import ai.continual.provenance.InputPartition;
import ai.continual.provenance.RowCounts;
import ai.continual.provenance.RunSummary;
import ai.continual.provenance.SoftwareVersions;
import ai.continual.provenance.StoredArtifact;
import ai.continual.provenance.TrainingSettings;
import ai.continual.provenance.VersionKind;
import ai.continual.provenance.VersionManifest;
import ai.continual.provenance.VersionStatus;
import ai.continual.replay.ReplayRatio;
import ai.continual.replay.UpdateBudget;
import ai.continual.run.ArchitectureContract;
import ai.continual.run.RunLedger;
import ai.continual.secrets.Redaction;
import ai.continual.selection.StrategySelection;
import ai.continual.store.ModelStore;
import ai.continual.store.PendingVersion;
import ai.continual.store.PromotedVersion;
import ai.continual.store.StoreException;
import ai.continual.store.StoredModel;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one pipeline every command runs: {@link #plan} reads and validates and decides (the output of
 * {@code --dry-run}), {@link #execute} trains and commits. One nightly update of one model: load the production version (or build version 1), read and validate the
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

    /** Plans and executes the update for partition {@code date}; returns its summary once the version is committed. */
    public RunSummary run(LocalDate date) {
        return update(date).summary();
    }

    /** Plans and executes the update for partition {@code date}; the outcome says whether the gate promoted it. */
    public UpdateOutcome update(LocalDate date) {
        return execute(plan(RunRequest.of(RunKind.UPDATE, date)));
    }

    /** Trains a new version from scratch on every partition up to {@code date}, marked {@code retrain}. */
    public UpdateOutcome retrain(LocalDate date) {
        return execute(plan(RunRequest.of(RunKind.RETRAIN, date)));
    }

    /**
     * Reads and validates everything the run needs and decides what it will do, writing nothing: the rerun
     * identity (an already committed run is answered from the store), the date against the newest version,
     * the parent (the production version), the architecture against the parent's, the new partition (and the
     * history only when the parent's stored samples cannot stand in for it), the rows that train and the
     * version number. {@code --dry-run} prints {@link Planned#plan()}; {@link #execute} runs it.
     */
    public Planned plan(RunRequest request) {
        // One read of each partition's files per run: the reader keeps what it validated until the run ends
        // (Planned#close, called by execute, or by whoever plans without executing).
        // The validation pass also finds the stored samples' cuts among the new rows (store-samples then reads them once).
        PartitionReader reader = PartitionReader.caching(spark, config.data(),
                new PartitionLayout(config.data().root(), spark.sparkContext().hadoopConfiguration()))
                .withSamplePriorities(new PartitionPriorities.Spec(config.seed(), config.replay().reservoirSize(),
                        Math.max(1, config.data().storedHoldoutRows()), config.data().task()));
        try {
            return plan(request, reader);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    private Planned plan(RunRequest request, PartitionReader reader) {
        PhaseTimer timer = new PhaseTimer();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String model = config.modelName();
        LocalDate date = request.date();
        boolean retrain = request.kind() == RunKind.RETRAIN;
        DataContractException unlisted = null;
        String runKey = null;
        try {
            runKey = RunKey.of(store.location(), model, request.kind(), date, config,
                    reader.layout().files(date).identity());
        } catch (DataContractException e) {
            unlisted = e; // a missing partition: the date check below comes first, as for any run
        }
        if (request.kind() == RunKind.INIT) {
            store.latestVersion(model).ifPresent(v -> {
                throw new ConfigException("Model '" + model + "' already has version " + v + " in "
                        + store.location() + "; init makes version 1 only. Use another model-name or run update.");
            });
        }
        RunLedger ledger = new RunLedger(store, model);
        if (!request.force()) {
            Optional<VersionManifest> done = runKey == null ? Optional.empty() : ledger.committedRun(runKey);
            if (done.isPresent()) {
                LOG.info("{} {} for {} is already committed as version {} (run {}); nothing to train"
                        + " (pass --force for a new version)", model, request.kind().label(), date,
                        done.get().version(), runKey);
                return new Planned(UpdatePlan.alreadyCommitted(model, request.kind(), date.toString(),
                        store.location(), reader.layout().root(), runKey, done.get().version()), done.get(), reader);
            }
            ledger.refuseOlderThanNewest(date, store.location());
        }
        if (unlisted != null) {
            throw unlisted;
        }

        Optional<StoredModel> production = timer.time("load-model",
                () -> productionVersion(model).map(v -> store.load(model, v)));
        Optional<StoredModel> parent = retrain || request.newLineage() ? Optional.empty() : production;
        int expectedFeatures = parent.or(() -> retrain ? production : Optional.empty())
                .map(p -> NetworkInputs.flatInputSize(p.network())).orElse(0);

        ValidatedPartition current = timer.time("read-new", () -> reader.read(date, expectedFeatures));
        CrashPoints.reach("update.after-read");
        int numFeatures = current.numFeatures();
        ReplayMemory memory = new ReplayMemory(spark, config, store, parent.map(StoredModel::manifest), date,
                () -> timer.time("read-history", () -> reader.layout().dates().stream()
                        .filter(d -> d.isBefore(date))
                        .map(d -> reader.read(d, numFeatures))
                        .toList()));
        if (config.data().task() == Task.CLASSIFICATION) {
            memory.checkStoredLabels(config.data().numClasses());
        }
        parent.ifPresent(p -> ArchitectureContract.check(p.manifest().config(), Redaction.settings(config.effective()),
                p.manifest().version()));
        List<ValidatedPartition> history = retrain ? memory.readHistory() : List.of();
        if (current.trainingRowCount() == 0) {
            throw new DataContractException("Partition date=" + date + " (" + current.path() + ") has no rows left"
                    + " to train on after the held-out split and invalid-row drops; lower data.holdout-fraction.");
        }

        long allNewRowCount = current.trainingRowCount()
                + history.stream().mapToLong(ValidatedPartition::trainingRowCount).sum();
        // Version 1 has no parent: it is not an incremental update, so max-new-rows does not starve it.
        long maxNewRows = parent.isPresent() ? config.training().maxNewRows() : config.training().initialMaxRows();
        long cappedRows = !retrain && maxNewRows > 0 && allNewRowCount > maxNewRows ? maxNewRows : allNewRowCount;
        Optional<Long> reservoirRows = memory.parentReservoirRows();
        // How far the new rows' labels are from the replay memory's: replay.ratio = auto follows it, and auto's
        // stale-history probe has nothing to test when they share no label.
        boolean classifiesFromParent = !retrain && parent.isPresent() && config.data().task() == Task.CLASSIFICATION
                && (config.replay().autoRatio() || config.strategy().uses(StrategyMethod.AUTO));
        double labelDistance = !classifiesFromParent ? 0
                : timer.time("replay-ratio", () -> labelDistance(memory, current));
        double replayRatio = retrain || !config.replay().autoRatio() ? config.replay().ratio() : autoReplayRatio(memory,
                reservoirRows.isPresent(), reader, date, labelDistance, timer);
        boolean newLabelsOnly = ReplayRatio.sharesNoLabel(labelDistance);
        boolean replays = !retrain && config.replay().targetRows(cappedRows, replayRatio) > 0;
        String replaySource = !replays ? "none" : reservoirRows.isPresent()
                ? "reservoir of version " + parent.orElseThrow().manifest().version() : "history";
        long replayAvailable = !replays ? 0 : reservoirRows.orElseGet(() -> memory.readHistory().stream()
                .mapToLong(ValidatedPartition::trainingRowCount).sum());
        long trainingRows = cappedRows;
        int epochs = runConfig(parent).training().epochs();
        long plainReplayExamples = 0;
        if (parent.isPresent() && config.training().maxUpdateExamples() > 0) {
            // training.max-update-examples: distinct rows first, more epochs only when the rows run short.
            LongUnaryOperator replayFor = n -> Math.min(config.replay().targetRows(n, replayRatio), replayAvailable);
            UpdateBudget budget;
            if (!retrain && config.strategy().uses(StrategyMethod.AUTO)) {
                AutoUpdate.Spending spending = AutoUpdate.spending(config, parent,
                        config.training().maxUpdateExamples(), cappedRows, replayFor, replays && replayAvailable > 0);
                budget = spending.replay();
                plainReplayExamples = spending.plainReplayExamples();
                if (plainReplayExamples > 0) {
                    LOG.info("auto: the replay candidate takes the cost bound, (1 + auto.max-extra-cost) x {} examples"
                            + " of one plain replay update{}", plainReplayExamples,
                            AutoUpdate.probesHistory(config, newLabelsOnly) ? ", less the stale-history probe"
                                    : ", less the stale-history probe's share, which is saved: the new rows share no"
                                    + " label with the replay memory");
                }
            } else {
                budget = UpdateBudget.spend(config.training().maxUpdateExamples(), cappedRows, replayFor,
                        config.training().epochs());
            }
            trainingRows = budget.newRows();
            epochs = budget.epochs();
            LOG.info("training.max-update-examples = {}: {} of {} new rows and {} replay rows, {} epoch(s)",
                    config.training().maxUpdateExamples(), trainingRows, cappedRows, budget.replayRows(), epochs);
        }
        long replayTarget = retrain ? 0 : config.replay().targetRows(trainingRows, replayRatio);
        long replayRows = Math.min(replayTarget, replayAvailable);
        if (memory.needsHistory()) {
            memory.readHistory();
        }
        List<ValidatedPartition> read = new ArrayList<>(memory.historyRead());
        read.add(current);
        int version = store.nextVersion(model);
        UpdatePlan plan = new UpdatePlan(model, request.kind().label(), date.toString(), store.location(),
                reader.layout().root(), runKey, null, parent.map(p -> p.manifest().version()).orElse(null), version,
                store.location() + "/" + model + "/versions/" + String.format("%06d", version), numFeatures,
                current.timeSteps(),
                reader.layout().dates().stream().map(LocalDate::toString).toList(),
                memory.historyRead().stream().map(p -> p.date().toString()).toList(), replaySource,
                current.rowsRead(), allNewRowCount, current.heldOutCount(),
                read.stream().mapToLong(ValidatedPartition::droppedRows).sum(), trainingRows, replayTarget,
                replayRows, epochs, (trainingRows + replayRows) * epochs);
        return new Planned(plan, request, timer, production, parent, current, memory, history, reader,
                plainReplayExamples, newLabelsOnly);
    }

    /**
     * Runs {@code planned}: trains, evaluates, passes the promotion gate, and commits the version with its
     * provenance, moving production to it when the gate promotes it. Call under the model's writer lease.
     */
    public UpdateOutcome execute(Planned planned) {
        return execute(planned, () -> { });
    }

    /**
     * {@link #execute(Planned)} with {@code beforeCommit} run right before the version is committed, e.g. a check
     * that the writer lease is still held, so a writer that lost it commits nothing.
     */
    public UpdateOutcome execute(Planned planned, Runnable beforeCommit) {
        try (planned) {
            return executePlanned(planned, beforeCommit);
        }
    }

    private UpdateOutcome executePlanned(Planned planned, Runnable beforeCommit) {
        if (planned.plan().isAlreadyCommitted()) {
            VersionManifest done = planned.committed;
            return new UpdateOutcome(done.summary(), done);
        }
        UpdatePlan plan = planned.plan();
        PhaseTimer timer = planned.timer;
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String model = config.modelName();
        Task task = config.data().task();
        int numOutputs = task == Task.CLASSIFICATION ? config.data().numClasses() : 1;
        LocalDate date = planned.request.date();
        boolean retrain = planned.request.kind() == RunKind.RETRAIN;
        Optional<StoredModel> production = planned.production;
        Optional<StoredModel> parent = planned.parent;
        ValidatedPartition current = planned.current;
        ReplayMemory memory = planned.memory;
        List<ValidatedPartition> history = planned.history;
        int numFeatures = current.numFeatures();

        // Reserve the version only once the data is known to be good: fails fast on an unwritable store.
        PendingVersion pending = store.begin(model);
        if (pending.version() != plan.version()) {
            throw new StoreException("The store reserved version " + pending.version() + " of '" + model + "' in "
                    + store.location() + " but the plan was for version " + plan.version() + "; another writer"
                    + " changed the store. Nothing was trained; run again.");
        }
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
        // One pass counts the split: the new rows' count, and the classes the replay sampler and auto's prior
        // corrections need on each side of it.
        Optional<SelectionRows.Counts> splitCounts = selectionSplit.map(split -> timer.time("selection-split",
                () -> split.count(current.trainingRows(), memory.replayCandidates(), task == Task.CLASSIFICATION)));
        long allNewRowCount = splitCounts.map(SelectionRows.Counts::newTrainingRows)
                .orElseGet(() -> trainedOn.stream().mapToLong(ValidatedPartition::trainingRowCount).sum());
        // The plan applied training.max-new-rows (or initial-max-rows for version 1, which has no parent).
        boolean capped = plan.trainingRows() < allNewRowCount;
        Dataset<Row> newRows = capped ? timer.time("sample-new", () -> sampleNewRows(allNewRows, allNewRowCount,
                plan.trainingRows())) : allNewRows;
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
        Standardizer scaler = Standardizer.of(normalizer);

        long replayTarget = plan.replayTarget();
        // The reservoir's rows per class are in its manifest; when a selection split takes some of them away, its
        // count has them.
        Optional<Map<Integer, Long>> knownReplayCounts = splitCounts.map(SelectionRows.Counts::replayTraining)
                .or(memory::parentReservoirRowsPerClass);
        // The sample is a filter of the candidates (no shuffle), so each use reads them again rather than a cache.
        ReplaySampler.Drawn drawn = timer.time("replay-sample", () -> (retrain || replayTarget == 0
                ? Optional.<Dataset<Row>>empty() : memory.replayCandidates())
                .map(candidates -> selectionSplit.map(split -> split.training(candidates)).orElse(candidates))
                .map(candidates -> new ReplaySampler(config.replay(), task, replaySeed(pending.version()))
                        .sample(candidates, replayTarget, knownReplayCounts))
                .orElseGet(() -> ReplaySampler.Drawn.none(current.trainingRows())));
        Dataset<Row> replay = drawn.rows();
        ReplayComposition composition = drawn.composition();
        long replayRows = composition.total();

        JobConfig runConfig = config.withEpochs(plan.epochs());
        DistributedTrainer trainer = new DistributedTrainer(sc, runConfig.training(), config.seed());
        Dataset<Row> training = TrainingOrder.shuffled(newRows.union(replay),
                trainer.workers(), config.seed() + pending.version());
        String exportRoot = config.training().exportDir().orElse(store.location() + "/" + model + "/_tmp");
        RowToDataSet toDataSet = new RowToDataSet(scaler, task,
                task == Task.CLASSIFICATION ? OutputLayerGrowth.outputs(network) : 1);
        MultiLayerNetwork start = network;
        Dataset<Row> heldOut = retrain
                ? history.stream().map(ValidatedPartition::heldOutRows).reduce(current.heldOutRows(), Dataset::union)
                : memory.pastHeldOut().map(past -> past.union(current.heldOutRows())).orElse(current.heldOutRows());
        UpdateStrategy.Finished finished;
        AutoUpdate.Result autoResult = null;
        TrainingConfig used = trainer.effective(newRowCount + replayRows);
        // Under auto these are the replay candidate's (and version 1's) settings; a candidate on fewer rows resolves
        // its own, which the log says.
        TrainingSettings trainedWith = new TrainingSettings(used.batchSize(), used.averagingFrequency(),
                newRowCount + replayRows, trainer.workers(), used.epochs());
        if (auto) {
            // --- auto strategy (issue 12): train the candidates, score them on the selection rows, keep the best.
            Dataset<Row> selection = selectionSplit.map(split -> split.selection(current.trainingRows()).union(
                    memory.replayCandidates().map(split::selection).orElse(current.trainingRows().limit(0))))
                    .orElse(current.trainingRows().limit(0));
            autoResult = timer.time("train", () -> new AutoUpdate(sc, runConfig, parent, strategy.parentWeights()).run(
                    new AutoUpdate.Inputs(start, scaler, toDataSet, newRows, newRowCount, replay, replayRows,
                            selection, date.toString(), exportRoot, config.seed() + pending.version(),
                            config.training().epochs(), planned.plainReplayExamples, planned.newLabelsOnly,
                            composition.perClass(),
                            capped ? Optional.empty() : splitCounts.map(SelectionRows.Counts::newTraining),
                            splitCounts.map(SelectionRows.Counts::selectionByDate).orElse(Map.of()))));
            finished = autoResult.finished();
            CrashPoints.reach("update.after-train");
        } else {
            MultiLayerNetwork trained = timer.time("train", () -> trainer.fit(start,
                    TaskFaultInjection.apply(sc.getConf(), ExampleRow.of(training)), strategy.minibatches(toDataSet),
                    newRowCount + replayRows, exportRoot));
            CrashPoints.reach("update.after-train");
            finished = timer.time("strategy-finish", () -> strategy.finish(trained, scaler,
                    heldOut, training, newRowCount + replayRows, toDataSet));
        }
        StrategySelection selection = autoResult == null ? null : autoResult.selection();
        MultiLayerNetwork served = finished.network();
        Dataset<Row> evalRows = evaluationRows(planned.reader, date, heldOut, numFeatures, timer);
        // Metrics per date and negative flips against the parent in one distributed pass.
        DistributedEvaluator.Scores scores = timer.time("evaluate", () -> evaluator().evaluate(served, scaler,
                production.map(p -> parent.isEmpty() ? p.network() : strategy.parentWeights().orElseThrow()).orElse(null),
                production.map(p -> Standardizer.of(p.normalizer())).orElse(null), evalRows));
        Map<String, EvaluationResult> metrics = scores.metrics();
        NegativeFlips flips = scores.flips();
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
        VersionKind kind = retrain ? VersionKind.RETRAIN : parent.isPresent() ? VersionKind.UPDATE : VersionKind.INITIAL;
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
                partitionsRead, rows, metrics, durations, plan.runKey(), selection, trainedWith);
        VersionManifest manifest = manifest(pending, parentVersion, kind, strategyLabel, inputs, draft, decision,
                continual, artifacts);
        // A promoted version is committed with the intent to move production: the store completes it even
        // after a crash between the manifest and the alias (ModelStore.rollForward).
        beforeCommit.run();
        manifest = store.commit(pending, new StoredModel(served, normalizer, manifest, finished.arrays()),
                decision.promoted() ? Optional.of(PromotedVersion.PRODUCTION_ALIAS) : Optional.empty());
        durations.put("commit", (System.nanoTime() - commitStart) / 1_000_000);
        if (decision.promoted()) {
            LOG.info("{} version {} committed to {} and promoted to {}", model, pending.version(), store.location(),
                    PromotedVersion.PRODUCTION_ALIAS);
        } else {
            LOG.warn("{} version {} written to {} but REJECTED by the promotion gate (production stays at {}): {}",
                    model, pending.version(), store.location(),
                    production.map(p -> String.valueOf(p.manifest().version())).orElse("none"), decision.reasons());
        }
        return new UpdateOutcome(new RunSummary(model, pending.version(), parentVersion, date.toString(), kind,
                partitionsRead, rows, metrics, durations, plan.runKey(), selection, trainedWith), manifest);
    }

    /**
     * A plan with what was loaded to make it (the production and parent versions, the validated partitions, the
     * replay memory), so that {@link #execute} runs on exactly what was planned without reading it again. Closing it
     * releases the partitions its reader keeps ({@link #execute} does; a caller that only plans must).
     */
    public static final class Planned implements AutoCloseable {
        private final UpdatePlan plan;
        private final RunRequest request;
        private final PhaseTimer timer;
        private final Optional<StoredModel> production;
        private final Optional<StoredModel> parent;
        private final ValidatedPartition current;
        private final ReplayMemory memory;
        private final List<ValidatedPartition> history;
        private final VersionManifest committed;
        private final PartitionReader reader;
        /** {@link AutoUpdate.Inputs#plainReplayExamples()}: 0 unless the replay candidate takes auto's extra cost. */
        private final long plainReplayExamples;
        /** {@link AutoUpdate.Inputs#newLabelsOnly()}. */
        private final boolean newLabelsOnly;

        private Planned(UpdatePlan plan, RunRequest request, PhaseTimer timer, Optional<StoredModel> production,
                        Optional<StoredModel> parent, ValidatedPartition current, ReplayMemory memory,
                        List<ValidatedPartition> history, PartitionReader reader, long plainReplayExamples,
                        boolean newLabelsOnly) {
            this.plan = plan;
            this.request = request;
            this.timer = timer;
            this.production = production;
            this.parent = parent;
            this.current = current;
            this.memory = memory;
            this.history = List.copyOf(history);
            this.committed = null;
            this.reader = reader;
            this.plainReplayExamples = plainReplayExamples;
            this.newLabelsOnly = newLabelsOnly;
        }

        private Planned(UpdatePlan plan, VersionManifest committed, PartitionReader reader) {
            this.plan = plan;
            this.request = null;
            this.timer = null;
            this.production = Optional.empty();
            this.parent = Optional.empty();
            this.current = null;
            this.memory = null;
            this.history = List.of();
            this.committed = committed;
            this.reader = reader;
            this.plainReplayExamples = 0;
            this.newLabelsOnly = false;
        }

        /** Releases the partitions the plan's reader keeps. */
        @Override
        public void close() {
            reader.close();
        }

        /** What the run will do, as {@code --dry-run} prints it. */
        public UpdatePlan plan() {
            return plan;
        }
    }

    /**
     * {@code replay.ratio = auto} for this update ({@link ReplayRatio#auto}) from the past dates the replay memory holds
     * and {@code labelDistance} ({@link #labelDistance}).
     */
    private double autoReplayRatio(ReplayMemory memory, boolean fromReservoir, PartitionReader reader, LocalDate date,
                                   double labelDistance, PhaseTimer timer) {
        return timer.time("replay-ratio", () -> {
            int pastDates = pastDates(memory, fromReservoir, reader, date);
            double ratio = config.replay().ratio(config.objective(), pastDates, labelDistance);
            LOG.info("replay.ratio = auto: {} replay row(s) per new row ({} past date(s) under objective {}; the new"
                    + " rows' labels are {} (total variation) from the replay memory's)",
                    String.format(java.util.Locale.ROOT, "%.3f", ratio), pastDates, config.objective().describe(),
                    String.format(java.util.Locale.ROOT, "%.3f", labelDistance));
            return ratio;
        });
    }

    /**
     * The total variation distance between the new training rows' labels (counted by the validation pass) and the
     * replay memory's (its manifest's counts per class, else one aggregation over the memory); 0 when the memory is
     * empty.
     */
    private static double labelDistance(ReplayMemory memory, ValidatedPartition current) {
        return ReplayRatio.labelDistance(current.samplePriorities() != null
                        ? current.samplePriorities().trainingRowsPerClass()
                        : TrainingRows.labelCounts(current.trainingRows()),
                memory.parentReservoirRowsPerClass().orElseGet(() -> memory.replayCandidates()
                        .map(TrainingRows::labelCounts).orElse(Map.of())));
    }

    /**
     * The past dates replay can draw from: the dates of the parent's reservoir (one small Spark job over it), or the
     * partitions before {@code date} when replay reads history.
     */
    private static int pastDates(ReplayMemory memory, boolean fromReservoir, PartitionReader reader, LocalDate date) {
        if (fromReservoir) {
            return memory.replayCandidates().map(rows -> (int) rows.select(TrainingRows.DATE).distinct().count())
                    .orElse(0);
        }
        return (int) reader.layout().dates().stream().filter(d -> d.isBefore(date)).count();
    }

    /** Rows whose labels the output layer must cover: the new partition, history read, replay candidates. */
    private static Dataset<Row> labelledRows(ValidatedPartition current, List<ValidatedPartition> history,
                                             Optional<Dataset<Row>> replayCandidates) {
        Dataset<Row> rows = current.rows().select(TrainingRows.LABEL);
        for (ValidatedPartition p : history) {
            rows = rows.union(p.rows().select(TrainingRows.LABEL));
        }
        return replayCandidates.map(c -> c.select(TrainingRows.LABEL)).map(rows::union).orElse(rows);
    }

    /**
     * The production version as {@link ModelStore#rollForward} leaves it: a run has rolled forward under its lease
     * already; a dry run, which writes nothing, sees a version committed for production whose alias move is still
     * pending as the production version it will be.
     */
    private Optional<Integer> productionVersion(String model) {
        return PromotedVersion.pendingPromotion(store, model).or(() -> PromotedVersion.latest(store, model));
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

    private DistributedEvaluator evaluator() {
        int numClasses = config.data().task() == Task.CLASSIFICATION ? config.data().numClasses() : 1;
        return new DistributedEvaluator(JavaSparkContext.fromSparkContext(spark.sparkContext()), config.data().task(),
                numClasses);
    }

    /** The eval-root partitions up to {@code date} if configured (timed as {@code read-eval}), else {@code heldOut}. */
    private Dataset<Row> evaluationRows(PartitionReader reader, LocalDate date, Dataset<Row> heldOut, int numFeatures,
                                        PhaseTimer timer) {
        if (config.data().evalRoot().isEmpty()) {
            return heldOut;
        }
        PartitionReader evalReader = reader.over(new PartitionLayout(config.data().evalRoot().get(),
                spark.sparkContext().hadoopConfiguration()));
        return timer.time("read-eval", () -> evalReader.layout().dates().stream()
                .filter(d -> !d.isAfter(date))
                .map(d -> evalReader.read(d, numFeatures).rows())
                .reduce(Dataset::union)
                .orElseThrow(() -> new DataContractException("data.eval-root " + config.data().evalRoot().get()
                        + " has no partition at or before " + date)));
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

    /**
     * The settings a run plans with: an update from a parent trains training.update-epochs when set (the plan may
     * then choose other epochs within training.max-update-examples; execution trains the plan's).
     */
    private JobConfig runConfig(Optional<StoredModel> parent) {
        return parent.isPresent() ? config.forUpdate() : config;
    }

    /** Version 1's normalizer: feature statistics, and target statistics for a regression with standardised targets. */
    private NormalizerStandardize fitNormalizer(Dataset<Row> rows) {
        boolean standardizeTarget = config.data().task() == Task.REGRESSION && config.data().standardizeTarget();
        FeatureStatistics stats = ExampleRow.of(rows).treeAggregate(new FeatureStatistics(),
                (sum, row) -> sum.add(row.getFeatures(), row.getLabel()), FeatureStatistics::merge);
        NormalizerStandardize normalizer = stats.toNormalizer(config.data().normalizer(), standardizeTarget);
        if (standardizeTarget) {
            Standardizer fitted = Standardizer.of(normalizer);
            LOG.info("Regression targets standardised with mean {} and std {} of version 1's {} training rows"
                    + " (data.standardize-target)", fitted.targetMean(), fitted.targetStd(), stats.count());
        }
        return normalizer;
    }

    private VersionManifest manifest(PendingVersion pending, Integer parent, VersionKind kind, String strategy,
                                     List<InputPartition> inputs, RunSummary summary,
                                     PromotionGate.GateDecision decision, ContinualMetrics continual,
                                     List<StoredArtifact> artifacts) {
        Map<String, String> software = new LinkedHashMap<>(SoftwareVersions.current());
        software.put("spark", spark.version());
        return VersionManifest.builder().model(pending.model()).version(pending.version()).parentVersion(parent)
                .kind(kind).createdAt(Instant.now().toString()).seed(config.seed()).strategy(strategy)
                .configHash(config.hash()).config(Redaction.settings(config.effective())).inputs(inputs)
                .summary(summary).software(software).gitCommit(SoftwareVersions.gitCommit())
                .source(parent == null ? initial.source().orElse(null) : null)
                .status(decision.promoted() ? VersionStatus.COMMITTED : VersionStatus.REJECTED)
                .rejectionReasons(decision.reasons()).continual(continual).artifacts(artifacts).build();
    }
}
