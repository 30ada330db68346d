package ai.continual.job.strategy;

import static org.apache.spark.sql.functions.col;

import ai.continual.config.AutoConfig;
import ai.continual.config.JobConfig;
import ai.continual.config.Task;
import ai.continual.fusion.WeightInterpolation;
import ai.continual.job.data.ExampleRow;
import ai.continual.job.data.ReplayComposition;
import ai.continual.job.data.TrainingRows;
import ai.continual.job.eval.DistributedEvaluator;
import ai.continual.job.fault.TaskFaultInjection;
import ai.continual.job.train.DistributedTrainer;
import ai.continual.job.train.RowToDataSet;
import ai.continual.job.train.TrainingOrder;
import ai.continual.metrics.EvaluationResult;
import ai.continual.normalize.Standardizer;
import ai.continual.replay.UpdateBudget;
import ai.continual.selection.CandidateResult;
import ai.continual.selection.CandidateSelection;
import ai.continual.selection.Objective;
import ai.continual.selection.PastWeight;
import ai.continual.selection.StaleHistoryCheck;
import ai.continual.selection.StaleHistoryEvidence;
import ai.continual.selection.StrategySelection;
import ai.continual.store.StoredModel;
import ai.continual.strategy.DiagonalFisher;
import ai.continual.strategy.ElasticWeightConsolidation;
import ai.continual.strategy.FlatParams;
import ai.continual.strategy.LabelPriorCorrection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongUnaryOperator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One update of {@code strategy = [auto]}: trains a small set of candidates from the same warm start (replay,
 * new rows only, EWC at each {@code auto.ewc-lambdas} within the cost budget), adds fusions of the replay and
 * new-rows-only models with the parent at each {@code auto.fusion-alphas} and, for classification, the replay model
 * corrected for its mix's label prior at each {@code auto.prior-corrections} ({@link LabelPriorCorrection}), scores
 * every candidate on the selection rows (held-out training rows, {@link SelectionRows}) under the objective, checks
 * the history for staleness ({@link StaleHistoryCheck}) and returns the best with a record of all of them. "Best"
 * follows the one-standard-error rule ({@link CandidateSelection#chooseWithinOneStandardError}): the candidate the
 * budget was spent on stays unless another beats it by more than the standard error of the best score. The candidate
 * the stream calls for trains first, with the update's budget: replay, or new rows only once the parent's update found
 * the history stale (so that on a drifting stream the winner trains like a fixed finetune); the other trains on the
 * share of its rows the cost bound leaves ({@link #MIN_SHARE}). When the budget can
 * afford EWC candidates ({@link ai.continual.config.AutoConfig#affordsEwc}), the Fisher of the chosen model is kept
 * with the version so that the next update can try them.
 *
 * <p>Version 1 (no parent) trains one candidate, {@code initial}, on its whole partition.
 */
public final class AutoUpdate {

    /** Selection rows of the new date collected to the driver for the stale-history check, at most. */
    static final int STALE_CHECK_ROWS = 5000;

    /**
     * The least share of its rows the second of the replay and new-rows-only candidates trains on when the budget
     * leaves less; below it, it is skipped.
     */
    static final double MIN_SHARE = 0.25;

    private static final Logger LOG = LoggerFactory.getLogger(AutoUpdate.class);

    /**
     * How an update under {@code training.max-update-examples} spends auto's cost bound on its replay candidate.
     *
     * @param replay the replay candidate's rows and epochs
     * @param plainReplayExamples when the replay candidate was given the extra cost (see {@link #spending}): the
     *     examples one plain replay update (the budget spent as {@link UpdateBudget} spends it) trains, the unit of
     *     the cost bound; 0 otherwise ({@link Inputs#plainReplayExamples()})
     */
    public record Spending(UpdateBudget replay, long plainReplayExamples) {}

    /**
     * The replay candidate's share of the cost bound when the update has a budget in examples. While history agrees
     * (the parent's update did not find it stale) and there are replay rows to draw, the replay candidate gets the
     * whole bound, {@code (1 + auto.max-extra-cost)} x one plain replay update, less one new-rows-only pass per epoch
     * for the stale-history probe: it takes the new rows (with their replay rows) and the probe's rows as one epoch's
     * cost. When the probe does not train ({@link #probesHistory}) the plan is the same and the probe's share is saved.
     * EWC candidates are then skipped (measured: on four streams and three seeds they were never chosen, while
     * more replay rows helped on new classes; docs/auto-strategy.md), and no Fisher is kept for them. Otherwise the
     * replay candidate trains the plain plan and the bound is left to the other candidates.
     *
     * @param budget {@code training.max-update-examples}, positive
     * @param newRows new training rows available
     * @param replayFor replay rows that go with {@code n} new rows
     * @param replays true when the update draws replay rows at all
     */
    public static Spending spending(JobConfig config, Optional<StoredModel> parent, long budget, long newRows,
                                    LongUnaryOperator replayFor, boolean replays) {
        int maxEpochs = config.training().epochs();
        UpdateBudget plain = UpdateBudget.spend(budget, newRows, replayFor, maxEpochs);
        if (!replays || parent.isEmpty() || historyWentStale(parent)) {
            return new Spending(plain, 0);
        }
        long limit = limit(config.strategy().auto(), plain.examples());
        // Each new row costs its replay rows and one probe row. When there is no probe (probesHistory) its share is
        // left unspent rather than given to replay: once the replay rows are capped (replay.max-rows, the reservoir)
        // it would buy new rows only and tilt the mix away from replay.ratio (measured, docs/auto-strategy.md).
        UpdateBudget withProbe = UpdateBudget.spend(limit, newRows, n -> replayFor.applyAsLong(n) + n, maxEpochs);
        UpdateBudget replay = new UpdateBudget(withProbe.newRows(), replayFor.applyAsLong(withProbe.newRows()),
                withProbe.epochs());
        return new Spending(replay, plain.examples());
    }

    /**
     * True when the new-rows-only candidate, which is also the stale-history probe, trains. It does not when the new
     * rows share no label with the replay memory ({@code newLabelsOnly}) and the objective weighs past dates: history
     * cannot contradict labels it does not hold (the stale check compares the two models on the new date's labels
     * only), and a model of the new rows alone would lose every past date's classes, so it could not win. Its
     * examples are saved. Under a newest-only objective it still trains: there it can win.
     */
    public static boolean probesHistory(JobConfig config, boolean newLabelsOnly) {
        return !newLabelsOnly || config.objective().pastWeight() == PastWeight.NEWEST_ONLY;
    }

    /** True when the parent's update found its history stale (and stopped replaying it). */
    private static boolean historyWentStale(Optional<StoredModel> parent) {
        return parent.map(p -> p.manifest().summary())
                .map(s -> s.selection() != null && s.selection().historyDropped()).orElse(false);
    }

    /** The cost bound: {@code (1 + auto.max-extra-cost)} x the examples of one plain replay update. */
    static long limit(AutoConfig auto, long plainReplayExamples) {
        return Math.round((1 + auto.maxExtraCost()) * plainReplayExamples);
    }

    private final JavaSparkContext sc;
    private final JobConfig config;
    private final Optional<StoredModel> parent;
    private final MultiLayerNetwork parentWeights;

    /** {@code parentWeights}: the parent's weights as loaded, before any training changed the warm start. */
    public AutoUpdate(JavaSparkContext sc, JobConfig config, Optional<StoredModel> parent,
                      Optional<MultiLayerNetwork> parentWeights) {
        this.sc = sc;
        this.config = config;
        this.parent = parent;
        this.parentWeights = parentWeights.orElse(null);
    }

    /**
     * What one update trains on and is scored on.
     *
     * @param start the warm start (the parent's weights, frozen and grown as configured); never trained itself
     * @param newRows the new partition's training rows without the selection rows (capped by max-new-rows)
     * @param replay the replay rows drawn from the reservoir without its selection rows
     * @param selection selection rows of the new date and of past dates (from the reservoir); empty for version 1
     * @param date the new partition's date
     * @param shuffleSeed seed of the training order
     * @param maxEpochs the most passes a candidate trained with its own budget may make ({@code training.epochs})
     * @param plainReplayExamples when the plan gave the replay candidate the extra cost ({@link #spending}): the
     *     examples one plain replay update of this partition trains, the unit of the cost bound; 0 otherwise, when
     *     the replay candidate's own examples are that unit
     * @param newLabelsOnly true when the new training rows share no label with the replay memory (e.g. a date of new
     *     classes only): see {@link #probesHistory}
     * @param replayPerClass the replay rows per class index ({@link ReplayComposition#perClass()}; empty for
     *     regression)
     * @param newRowsPerClass {@code newRows} per class index when already counted ({@link SelectionRows#count});
     *     empty when they are a sample (max-new-rows), and then counted where needed
     * @param selectionByDate {@code selection} per date and class index ({@link SelectionRows#count})
     */
    public record Inputs(MultiLayerNetwork start, Standardizer scaler, RowToDataSet toDataSet, Dataset<Row> newRows,
                         long newRowCount, Dataset<Row> replay, long replayRowCount, Dataset<Row> selection,
                         String date, String exportRoot, long shuffleSeed, int maxEpochs,
                         long plainReplayExamples, boolean newLabelsOnly, Map<Integer, Long> replayPerClass,
                         Optional<Map<Integer, Long>> newRowsPerClass,
                         Map<String, Map<Integer, Long>> selectionByDate) {}

    /** The model to commit, the arrays to keep with it, and the record of the selection. */
    public record Result(UpdateStrategy.Finished finished, StrategySelection selection, String label) {}

    public Result run(Inputs in) {
        int epochs = config.training().epochs();
        AutoConfig auto = config.strategy().auto();
        int workers = new DistributedTrainer(sc, config.training(), config.seed()).workers();
        Dataset<Row> replayMix = in.newRows().union(in.replay());
        Dataset<Row> replayTraining = TrainingOrder.shuffled(replayMix, workers, in.shuffleSeed());
        Dataset<Row> newOnlyTraining = TrainingOrder.shuffled(in.newRows(), workers, in.shuffleSeed());
        long replayExamples = in.plainReplayExamples() > 0 ? in.plainReplayExamples()
                : (in.newRowCount() + in.replayRowCount()) * epochs;
        long limit = limit(auto, replayExamples);
        Map<String, MultiLayerNetwork> models = new LinkedHashMap<>();
        Map<String, Long> examples = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        List<CandidateResult> skipped = new ArrayList<>();

        if (parentWeights == null) {
            MultiLayerNetwork initial = train(in.start(), replayTraining, in.newRowCount() + in.replayRowCount(),
                    epochs, in, seconds, "initial");
            examples.put("initial", replayExamples);
            CandidateResult only = new CandidateResult("initial", Map.of(), null, replayExamples,
                    seconds.get("initial"), null);
            StrategySelection selection = new StrategySelection(config.objective().describe(),
                    config.objective().describe(), "initial", List.of(only), null, false, replayExamples,
                    replayExamples, limit, 0, "initial", 0.0);
            return new Result(finish(initial, replayTraining, in), selection, "auto:initial");
        }

        // Once the parent's update found the history stale, the new rows are this stream's main training set: the
        // new-rows-only candidate trains first, with the budget the plan gave the update, and replay (still the
        // probe that tells whether history agrees again) from what is left. Otherwise replay comes first.
        boolean newRowsFirst = in.replayRowCount() > 0 && historyWentStale(parent);
        long spent = 0;
        if (newRowsFirst) {
            // The plan's budget (in examples, or the plan's rows and epochs), less what keeps the replay probe at
            // MIN_SHARE of its rows.
            long main = Math.min(config.training().maxUpdateExamples() > 0 ? config.training().maxUpdateExamples()
                    : in.newRowCount() * epochs, limit - (long) Math.ceil(MIN_SHARE * replayExamples));
            UpdateBudget own = UpdateBudget.spend(Math.max(1, main), in.newRowCount(), n -> 0,
                    Math.max(epochs, in.maxEpochs()));
            LOG.info("auto: the parent found its history stale; new-rows-only trains first: {} rows x {} epoch(s)",
                    own.newRows(), own.epochs());
            spent += trainShare("new-rows-only", in.newRows(), in.newRowCount(), own.newRows(), own.epochs(), in,
                    workers, models, examples, seconds);
        }
        long replayRows = Math.min(in.newRowCount() + in.replayRowCount(), (limit - spent) / epochs);
        if (replayRows < MIN_SHARE * (in.newRowCount() + in.replayRowCount())) {
            skipped.add(CandidateResult.skipped("replay", budget(spent, replayExamples, limit)));
        } else {
            spent += trainShare("replay", replayMix, in.newRowCount() + in.replayRowCount(), replayRows, epochs,
                    in, workers, models, examples, seconds);
        }
        long newOnlyExamples = in.newRowCount() * epochs;
        // The new-rows-only candidate is also the stale-history probe, so when the whole new partition does not
        // fit the budget (fewer replay than new rows) it trains on the seeded share of the new rows that does,
        // down to MIN_SHARE of them.
        long newOnlyRows = Math.min(in.newRowCount(), (limit - spent) / epochs);
        if (!newRowsFirst) {   // else it trained first, above
            if (in.replayRowCount() == 0) {
                skipped.add(CandidateResult.skipped("new-rows-only", "no replay rows: the same as replay"));
            } else if (!probesHistory(config, in.newLabelsOnly())) {
                skipped.add(CandidateResult.skipped("new-rows-only", "the new rows share no label with the replay"
                        + " memory: history cannot contradict them, and without replay every past date's classes"
                        + " are lost"));
            } else if (newOnlyRows < MIN_SHARE * in.newRowCount()) {
                skipped.add(CandidateResult.skipped("new-rows-only", budget(spent, newOnlyExamples, limit)));
            } else {
                spent += trainShare("new-rows-only", in.newRows(), in.newRowCount(), newOnlyRows, epochs, in,
                        workers, models, examples, seconds);
            }
        }
        INDArray fisher = parent.map(p -> p.arrays().get(UpdateStrategy.FISHER)).orElse(null);
        for (double lambda : auto.ewcLambdas()) {
            String name = String.format(Locale.ROOT, "ewc[lambda=%s]", lambda);
            if (fisher == null) {
                skipped.add(CandidateResult.skipped(name, "the parent has no Fisher (" + UpdateStrategy.FISHER
                        + "): auto keeps one only when its budget (auto.max-extra-cost) affords an EWC candidate"
                        + " (docs/auto-strategy.md)"));
            } else if (in.plainReplayExamples() > 0) {
                skipped.add(CandidateResult.skipped(name, "the replay candidate took the cost bound"
                        + " (training.max-update-examples; docs/auto-strategy.md)"));
            } else if (spent + newOnlyExamples > limit) {
                skipped.add(CandidateResult.skipped(name, budget(spent, newOnlyExamples, limit)));
            } else {
                MultiLayerNetwork net = in.start().clone();
                ElasticWeightConsolidation.attach(net, FlatParams.remap(fisher, parentWeights, net), lambda);
                MultiLayerNetwork trained = train(net, newOnlyTraining, in.newRowCount(), epochs, in, seconds, name);
                ElasticWeightConsolidation.detach(trained);
                ElasticWeightConsolidation.detach(net);
                models.put(name, trained);
                examples.put(name, newOnlyExamples);
                spent += newOnlyExamples;
            }
        }
        for (String base : List.of("replay", "new-rows-only")) {
            if (models.containsKey(base)) {
                for (double alpha : auto.fusionAlphas()) {
                    String name = String.format(Locale.ROOT, "%s+fusion[alpha=%s]", base, alpha);
                    models.put(name, WeightInterpolation.interpolate(parentWeights, models.get(base), alpha));
                    examples.put(name, 0L);
                }
            }
        }

        Dataset<Row> selectionRows = in.selection().cache();   // filled by the scoring pass below
        if (config.data().task() == Task.CLASSIFICATION && models.containsKey("replay")
                && !auto.priorCorrections().isEmpty()) {
            addPriorCorrections(models.get("replay"), in, models, examples);
        }
        // Every candidate scored in one pass over the selection rows; each is charged an equal share of its time.
        long scoringStart = System.nanoTime();
        Map<String, Map<String, Double>> scores = new LinkedHashMap<>();
        Map<String, Map<String, EvaluationResult>> evaluated = evaluateEach(models, in.scaler(), selectionRows);
        evaluated.forEach((name, results) -> scores.put(name, scores(results)));
        // Every candidate scores every selection row: their count, without a job of its own.
        long selectionCount = evaluated.values().stream().findFirst().map(results -> results.values().stream()
                .mapToLong(EvaluationResult::rows).sum()).orElse(0L);
        double scoringShare = (System.nanoTime() - scoringStart) / 1e9 / models.size();
        models.keySet().forEach(name -> seconds.merge(name, scoringShare, Double::sum));
        StaleHistoryEvidence stale = models.containsKey("new-rows-only") && models.containsKey("replay")
                ? staleCheck(models.get("replay"), models.get("new-rows-only"), selectionRows, in) : null;
        selectionRows.unpersist();
        boolean historyStale = stale != null && stale.stale();
        Objective objective = historyStale ? Objective.NEWEST_ONLY : config.objective();
        // One-standard-error rule: the model the budget was spent on stays unless another is clearly better.
        String preferred = newRowsFirst ? "new-rows-only" : "replay";
        double standardError = objective.standardError(evaluated.get(CandidateSelection.choose(scores, objective)));
        String chosen = CandidateSelection.chooseWithinOneStandardError(scores, objective, preferred, standardError);

        List<CandidateResult> candidates = new ArrayList<>();
        for (String name : models.keySet()) {
            candidates.add(new CandidateResult(name, scores.get(name), objective.score(scores.get(name)),
                    examples.get(name), seconds.getOrDefault(name, 0.0), null));
        }
        candidates.addAll(skipped);
        StrategySelection selection = new StrategySelection(config.objective().describe(),
                historyStale ? objective.describe() + " (stale history)" : objective.describe(), chosen, candidates,
                stale, historyStale, replayExamples, spent, limit, selectionCount, preferred, standardError);
        LOG.info("auto: chose {} under objective {} from {} candidates ({} training examples, {} x one replay"
                        + " update); stale history: {}", chosen, selection.scoredWith(), models.size(), spent,
                String.format(Locale.ROOT, "%.2f", (double) spent / Math.max(1, replayExamples)), stale);
        return new Result(finish(models.get(chosen), replayTraining, in), selection, "auto:" + chosen);
    }

    /**
     * Trains candidate {@code name} from the warm start on {@code keep} of {@code rows}' {@code total} rows (a seeded
     * share when fewer, {@link #share}) for {@code candidateEpochs}, and records it; returns the examples it cost.
     */
    private long trainShare(String name, Dataset<Row> rows, long total, long keep, int candidateEpochs, Inputs in,
                            int workers, Map<String, MultiLayerNetwork> models, Map<String, Long> examples,
                            Map<String, Double> seconds) {
        Share share = keep >= total ? new Share(rows, total) : share(rows, total, keep, in.shuffleSeed());
        if (share.rowCount() < total) {
            LOG.info("auto: {} trains on {} of its {} rows (the cost budget)", name, share.rowCount(), total);
        }
        models.put(name, train(in.start(), TrainingOrder.shuffled(share.rows(), workers, in.shuffleSeed()),
                share.rowCount(), candidateEpochs, in, seconds, name));
        examples.put(name, share.rowCount() * candidateEpochs);
        return share.rowCount() * candidateEpochs;
    }

    /** A seeded share of a candidate's rows, and its exact count. */
    record Share(Dataset<Row> rows, long rowCount) {}

    /**
     * At most {@code keep} of {@code rows}' {@code total} rows: a Bernoulli sample with {@code seed}, drawn before
     * the training order's shuffle so that neither its count nor its training shuffles twice. It aims three
     * standard deviations below {@code keep} (at least half of it), so that it rarely exceeds the budget; when it
     * does, a smaller fraction with the same seed draws a subset of it. (A limit would cost a one-task stage and
     * keep the first partitions' rows: of a union, the new rows before any replay row.)
     */
    static Share share(Dataset<Row> rows, long total, long keep, long seed) {
        double fraction = Math.max(keep / 2.0, keep - 3 * Math.sqrt(keep)) / total;
        while (true) {
            Dataset<Row> share = rows.sample(false, fraction, seed);
            long rowCount = share.count();
            if (rowCount <= keep) {
                return new Share(share, rowCount);
            }
            fraction *= 0.99 * keep / rowCount;
        }
    }

    private MultiLayerNetwork train(MultiLayerNetwork start, Dataset<Row> rows, long rowCount, int candidateEpochs,
                                    Inputs in, Map<String, Double> seconds, String name) {
        long t0 = System.nanoTime();
        MultiLayerNetwork net = start.clone();
        LOG.info("auto: training candidate {} on {} rows, {} epoch(s)", name, rowCount, candidateEpochs);
        MultiLayerNetwork trained = new DistributedTrainer(sc, config.training().withEpochs(candidateEpochs),
                config.seed()).fit(net,
                TaskFaultInjection.apply(sc.getConf(), ExampleRow.of(rows)), in.toDataSet(), rowCount,
                in.exportRoot());
        seconds.put(name, (System.nanoTime() - t0) / 1e9);
        return trained;
    }

    /**
     * The replay model with its output bias corrected for the labels its training mix over-represents against the
     * objective's label shares ({@link LabelPriorCorrection}), once per {@code auto.prior-corrections}: free
     * candidates, as the fusions are.
     */
    private void addPriorCorrections(MultiLayerNetwork replay, Inputs in, Map<String, MultiLayerNetwork> models,
                                     Map<String, Long> examples) {
        int classes = config.data().numClasses();
        long[] trainCounts = new long[classes];
        // The replay rows' labels are known from the replay composition, the new rows' and the selection rows' from
        // the selection split's count; only new rows sampled under max-new-rows are counted here.
        in.replayPerClass().forEach((label, n) -> trainCounts[label] += n);
        in.newRowsPerClass().orElseGet(() -> TrainingRows.labelCounts(in.newRows()))
                .forEach((label, n) -> trainCounts[label] += n);
        Map<String, long[]> byDate = new java.util.TreeMap<>();
        in.selectionByDate().forEach((date, perLabel) -> {
            long[] into = byDate.computeIfAbsent(date, d -> new long[classes]);
            perLabel.forEach((label, n) -> into[label] += n);
        });
        if (byDate.isEmpty()) {
            return;
        }
        double[] target = LabelPriorCorrection.targetShares(byDate, config.objective());
        for (double tau : config.strategy().auto().priorCorrections()) {
            String name = String.format(Locale.ROOT, "replay+prior[tau=%s]", tau);
            models.put(name, LabelPriorCorrection.apply(replay, LabelPriorCorrection.shifts(trainCounts, target, tau)));
            examples.put(name, 0L);
        }
    }

    private static String budget(long spent, long cost, long limit) {
        return String.format(Locale.ROOT, "over the cost budget: %d + %d examples > %d (auto.max-extra-cost)", spent,
                cost, limit);
    }

    /** Keeps the chosen model's running Fisher with the version, for the next update's EWC candidates. */
    private UpdateStrategy.Finished finish(MultiLayerNetwork chosen, Dataset<Row> fisherRows, Inputs in) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        // The ratio this update mixed at (replay.ratio = auto changes it from date to date).
        double ratio = config.replay().autoRatio()
                ? (double) in.replayRowCount() / Math.max(1, in.newRowCount()) : config.replay().ratio();
        // Given the extra cost, the replay candidate leaves none for EWC candidates: their Fisher would be unused.
        if (in.plainReplayExamples() > 0 || !config.strategy().auto().affordsEwc(ratio)) {
            return new UpdateStrategy.Finished(chosen, arrays);
        }
        DiagonalFisher.Sum sum = SparkFisher.estimate(sc, chosen, fisherRows, in.newRowCount() + in.replayRowCount(),
                in.toDataSet(), config.strategy().ewc().fisherSamples(), config.seed());
        if (sum.count() > 0) {
            INDArray previous = parent.map(p -> p.arrays().get(UpdateStrategy.FISHER)).orElse(null);
            arrays.put(UpdateStrategy.FISHER, ElasticWeightConsolidation.runningFisher(previous, parentWeights, chosen,
                    sum.normalizedMean(), config.strategy().ewc().gamma()));
        }
        return new UpdateStrategy.Finished(chosen, arrays);
    }

    private Map<String, Map<String, EvaluationResult>> evaluateEach(Map<String, MultiLayerNetwork> networks,
                                                                    Standardizer scaler, Dataset<Row> rows) {
        Task task = config.data().task();
        return new DistributedEvaluator(sc, task, task == Task.CLASSIFICATION ? config.data().numClasses() : 1)
                .evaluateEach(networks, scaler, rows);
    }

    private Map<String, Double> scores(Map<String, EvaluationResult> results) {
        Map<String, Double> out = new java.util.TreeMap<>();
        results.forEach((date, r) -> {
            Double s = UpdateStrategy.score(config.data().task(), r);
            if (s != null) {
                out.put(date, s);
            }
        });
        return out;
    }

    /** Replay against new rows only, on (up to {@link #STALE_CHECK_ROWS}) selection rows of the new date. */
    private StaleHistoryEvidence staleCheck(MultiLayerNetwork replay, MultiLayerNetwork newRowsOnly,
                                            Dataset<Row> selectionRows, Inputs in) {
        List<ExampleRow> rows = ExampleRow.of(selectionRows.where(col(TrainingRows.DATE).equalTo(in.date()))
                .limit(STALE_CHECK_ROWS)).collect();
        if (rows.isEmpty()) {
            return null;
        }
        INDArray features = in.toDataSet().batch(rows).getFeatures();
        double[] targets = rows.stream().mapToDouble(ExampleRow::getLabel).toArray();
        double margin = config.strategy().auto().staleMargin();
        if (config.data().task() == Task.CLASSIFICATION) {
            int[] labels = java.util.Arrays.stream(targets).mapToInt(t -> (int) t).toArray();
            return StaleHistoryCheck.classification(replay.output(features).toDoubleMatrix(),
                    newRowsOnly.output(features).toDoubleMatrix(), labels, margin);
        }
        Standardizer scaler = in.scaler();
        return StaleHistoryCheck.regression(scaler.toTargetUnits(replay.output(features)).toDoubleVector(),
                scaler.toTargetUnits(newRowsOnly.output(features)).toDoubleVector(), targets, margin);
    }
}
