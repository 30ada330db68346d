package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.continual.config.JobConfig;
import ai.continual.config.JobConfigLoader;
import ai.continual.config.Task;
import ai.continual.job.data.PartitionLayout;
import ai.continual.job.data.PartitionReader;
import ai.continual.job.data.TrainingRows;
import ai.continual.job.eval.DistributedEvaluator;
import ai.continual.job.replay.ReplayReservoir;
import ai.continual.job.strategy.AutoUpdate;
import ai.continual.job.strategy.SelectionRows;
import ai.continual.job.strategy.UpdateStrategy;
import ai.continual.metrics.EvaluationResult;
import ai.continual.normalize.Standardizer;
import ai.continual.provenance.RunSummary;
import ai.continual.selection.CandidateResult;
import ai.continual.selection.CandidateSelection;
import ai.continual.selection.Objective;
import ai.continual.selection.StrategySelection;
import ai.continual.store.HadoopModelStore;
import ai.continual.store.StoredModel;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strategy = [auto]} end to end on local Spark: what it trains, scores and records, that the recorded
 * score of the committed candidate is what the stored model scores on the selection rows, the cost bound, and
 * the stale-history detector on a contradicting and on a stationary stream.
 */
class AutoStrategyTest {

    static final LocalDate D1 = LocalDate.of(2026, 11, 23);
    static final LocalDate D2 = LocalDate.of(2026, 11, 24);

    @TempDir
    Path tmp;

    @Test
    void selectsTheBestCandidateOnSelectionRowsRecordsEveryCandidateAndStaysWithinTheCostBound() {
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("data");
        TestData.writePartition(data, D1, TestData.blobs("a", new int[] {0, 1}, 150, 1), TestData.SCHEMA);
        // Date 2 shares a label with date 1, so the stale-history probe (new-rows-only) trains.
        TestData.writePartition(data, D2, TestData.blobs("b", new int[] {1, 2, 3}, 100, 2), TestData.SCHEMA);
        // A budget above the default (0.5) so that the EWC candidates train too.
        JobConfig config = TestData.config(data, tmp.resolve("store"), 4,
                "strategy = [auto]\nauto.max-extra-cost = 1.5\n");
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());

        RunSummary first = new NightlyUpdate(spark, config, store).run(D1);
        RunSummary second = new NightlyUpdate(spark, config, store).run(D2);

        // Version 1: one candidate on the whole partition, and a Fisher kept for the next update's EWC candidates.
        assertThat(first.selection().chosen()).isEqualTo("initial");
        assertThat(first.rows().newRows() + first.rows().heldOutRows()).isEqualTo(300);
        assertThat(store.load("test-model", 1).arrays()).containsKey(UpdateStrategy.FISHER);

        StrategySelection s = second.selection();
        assertThat(store.manifest("test-model", 2).summary().selection()).isEqualTo(s);
        assertThat(second.training().examplesPerEpoch()).as("the replay candidate's resolved settings")
                .isEqualTo(second.rows().newRows() + second.rows().replayRows());
        assertThat(store.manifest("test-model", 2).strategy()).isEqualTo("auto:" + s.chosen());
        assertThat(s.candidates()).extracting(CandidateResult::name).containsExactlyInAnyOrder("replay",
                "new-rows-only", "ewc[lambda=1.0]", "ewc[lambda=10.0]", "replay+fusion[alpha=0.5]",
                "replay+fusion[alpha=0.75]", "new-rows-only+fusion[alpha=0.5]", "new-rows-only+fusion[alpha=0.75]",
                "replay+prior[tau=0.5]", "replay+prior[tau=1.0]");
        List<CandidateResult> trained = s.candidates().stream().filter(c -> c.skipped() == null).toList();
        assertThat(trained).extracting(CandidateResult::name).startsWith("replay", "new-rows-only", "ewc[lambda=1.0]");
        assertThat(trained).allSatisfy(c -> assertThat(c.scores()).containsOnlyKeys(D1.toString(), D2.toString()));
        assertThat(s.candidates()).filteredOn(c -> c.skipped() != null)
                .allSatisfy(c -> assertThat(c.skipped()).contains("over the cost budget"));
        // The choice is the arg-max of the recorded scores under the objective it was scored with.
        Map<String, Map<String, Double>> recorded = new LinkedHashMap<>();
        trained.forEach(c -> recorded.put(c.name(), c.scores()));
        Objective scoredWith = s.historyDropped() ? Objective.NEWEST_ONLY : config.objective();
        assertThat(s.preferred()).isEqualTo("replay");
        assertThat(s.standardError()).isNotNull().isNotNegative();
        assertThat(s.chosen()).isEqualTo(CandidateSelection.chooseWithinOneStandardError(recorded, scoredWith,
                s.preferred(), s.standardError()));
        // Cost: one replay update plus a pass over the new rows for each other trained candidate (fusions are
        // free), within (1 + 1.5) x the replay update.
        long epochs = config.training().epochs();
        long extraRuns = trained.stream().filter(c -> c.examples() > 0).count() - 1;
        assertThat(extraRuns).isBetween(2L, 3L);
        assertThat(s.replayUpdateExamples()).isEqualTo((second.rows().newRows() + second.rows().replayRows()) * epochs);
        assertThat(s.examples()).isEqualTo(s.replayUpdateExamples() + extraRuns * second.rows().newRows() * epochs)
                .isLessThanOrEqualTo(s.examplesLimit());
        assertThat(s.examplesLimit()).isEqualTo(Math.round(2.5 * s.replayUpdateExamples()));
        assertThat(second.trainingExamples(3)).isEqualTo(s.examples());

        // The committed model scores on the selection rows exactly what the manifest says its candidate scored.
        StoredModel committed = store.load("test-model", 2);
        SelectionRows split = new SelectionRows(config.strategy().auto().selectionFraction(), config.seed());
        PartitionReader reader = new PartitionReader(spark, config.data(),
                new PartitionLayout(config.data().root(), spark.sparkContext().hadoopConfiguration()));
        Dataset<Row> reservoir = ReplayReservoir.rows(new ReplayReservoir(spark, Task.CLASSIFICATION,
                config.replay().reservoirSize(), config.seed()).stored(store, store.manifest("test-model", 1)).orElseThrow());
        Dataset<Row> selectionRows = split.selection(reader.read(D2, 0).trainingRows()).union(split.selection(reservoir));
        assertThat(selectionRows.count()).isEqualTo(s.selectionRows()).isPositive();
        Map<String, EvaluationResult> reevaluated = new DistributedEvaluator(
                JavaSparkContext.fromSparkContext(spark.sparkContext()), Task.CLASSIFICATION, 4)
                .evaluateByDate(committed.network(), Standardizer.of(committed.normalizer()), selectionRows);
        Map<String, Double> chosenScores = s.chosenCandidate().scores();
        assertThat(reevaluated.keySet()).isEqualTo(chosenScores.keySet());
        reevaluated.forEach((date, r) -> assertThat(r.accuracy()).isCloseTo(chosenScores.get(date), within(1e-9)));
        // No candidate trained on a selection row: the training rows are the new partition's rows minus them.
        long selectionOfNew = split.selection(reader.read(D2, 0).trainingRows()).count();
        assertThat(second.rows().newRows() + selectionOfNew).isEqualTo(reader.read(D2, 0).trainingRowCount());
    }

    @Test
    void aSmallBudgetSkipsCandidatesAndSaysWhy() {
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("data");
        TestData.writePartition(data, D1, TestData.blobs("a", new int[] {0, 1}, 80, 1), TestData.SCHEMA);
        TestData.writePartition(data, D2, TestData.blobs("b", new int[] {1, 2}, 80, 2), TestData.SCHEMA);
        JobConfig config = TestData.config(data, tmp.resolve("store"), 4,
                "strategy = [auto]\nauto { max-extra-cost = 0.3, ewc-lambdas = [5] }\ntraining.epochs = 1\n");
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());

        new NightlyUpdate(spark, config, store).run(D1);
        RunSummary second = new NightlyUpdate(spark, config, store).run(D2);
        StrategySelection s = second.selection();

        // New-rows-only (the stale-history probe) trains on the share of the new rows the budget leaves; EWC,
        // which needs all new rows, does not fit and says why.
        assertThat(s.candidates()).filteredOn(c -> c.skipped() != null).extracting(CandidateResult::name)
                .containsExactly("ewc[lambda=5.0]");
        assertThat(s.candidates()).filteredOn(c -> c.skipped() != null)
                .allSatisfy(c -> assertThat(c.skipped()).contains("auto.max-extra-cost"));
        CandidateResult newOnly = s.candidates().stream().filter(c -> c.name().equals("new-rows-only")).findFirst()
                .orElseThrow();
        assertThat(newOnly.skipped()).isNull();
        assertThat(newOnly.examples()).isPositive().isLessThan(second.rows().newRows());   // 1 epoch
        assertThat(s.examples()).isGreaterThan(s.replayUpdateExamples()).isLessThanOrEqualTo(s.examplesLimit());
        assertThat(s.staleHistory()).isNotNull();
    }

    @Test
    void underABudgetInExamplesTheReplayCandidateTakesTheExtraCostLessTheProbe() {
        // Three replay rows per new row: one plain replay update of 400 examples is 100 new + 300 replay rows. Under
        // the bound of 1.5 x 400 the replay candidate gets 120 new + 360 replay rows and the probe the 120 new rows;
        // the EWC candidates (a Fisher was kept with version 1, at ratio 3) no longer fit, and version 2 keeps none.
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("data");
        TestData.writePartition(data, D1, TestData.blobs("a", new int[] {0, 1}, 300, 1), TestData.SCHEMA);
        TestData.writePartition(data, D2, TestData.blobs("b", new int[] {1, 2}, 300, 2), TestData.SCHEMA);
        JobConfig config = TestData.config(data, tmp.resolve("store"), 4, "strategy = [auto]\n"
                + "replay { ratio = 3.0, max-rows = 1000 }\ntraining.max-update-examples = 400\n");
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());

        new NightlyUpdate(spark, config, store).run(D1);
        assertThat(store.load("test-model", 1).arrays()).containsKey(UpdateStrategy.FISHER);
        RunSummary second = new NightlyUpdate(spark, config, store).run(D2);
        StrategySelection s = second.selection();

        Map<String, CandidateResult> byName = byName(s);
        assertThat(s.replayUpdateExamples()).as("one plain replay update: 100 new + 300 replay rows, 1 epoch")
                .isEqualTo(400);
        assertThat(s.examplesLimit()).isEqualTo(600);
        assertThat(second.rows().newRows()).isEqualTo(120);
        assertThat(second.rows().replayRows()).isEqualTo(360);
        assertThat(byName.get("replay").examples()).isEqualTo(480);
        assertThat(byName.get("new-rows-only").examples()).as("the probe: every new row of the replay candidate")
                .isEqualTo(120);
        assertThat(List.of(byName.get("ewc[lambda=1.0]"), byName.get("ewc[lambda=10.0]")))
                .allSatisfy(c -> assertThat(c.skipped()).contains("the replay candidate took the cost bound"));
        assertThat(s.examples()).isEqualTo(600);
        assertThat(store.load("test-model", 2).arrays()).doesNotContainKey(UpdateStrategy.FISHER);
    }

    @Test
    void onADateOfNewClassesOnlyThereIsNoProbeAndItsShareIsSaved() {
        // The same plan as above, but date 2 shares no label with date 1: history cannot contradict it and a model
        // of the new rows alone loses both past classes, so there is no probe. The replay candidate keeps the plan
        // it has beside a probe (120 new + 360 replay rows, at the ratio) and the probe's 120 examples are saved.
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("data");
        TestData.writePartition(data, D1, TestData.blobs("a", new int[] {0, 1}, 400, 1), TestData.SCHEMA);
        TestData.writePartition(data, D2, TestData.blobs("b", new int[] {2, 3}, 300, 2), TestData.SCHEMA);
        String settings = "strategy = [auto]\nreplay { ratio = 3.0, max-rows = 1000 }\n"
                + "training.max-update-examples = 400\n";
        JobConfig config = TestData.config(data, tmp.resolve("store"), 4, settings);
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());

        new NightlyUpdate(spark, config, store).run(D1);
        RunSummary second = new NightlyUpdate(spark, config, store).run(D2);
        StrategySelection s = second.selection();

        Map<String, CandidateResult> byName = byName(s);
        assertThat(s.replayUpdateExamples()).isEqualTo(400);
        assertThat(second.rows().newRows()).isEqualTo(120);
        assertThat(second.rows().replayRows()).isEqualTo(360);
        assertThat(byName.get("replay").examples()).isEqualTo(480);
        assertThat(byName.get("new-rows-only").skipped()).contains("share no label with the replay memory");
        assertThat(byName).doesNotContainKey("new-rows-only+fusion[alpha=0.5]");
        assertThat(s.staleHistory()).isNull();
        assertThat(List.of(byName.get("ewc[lambda=1.0]"), byName.get("ewc[lambda=10.0]")))
                .as("the probe's share is saved, not spent on EWC")
                .allSatisfy(c -> assertThat(c.skipped()).contains("the replay candidate took the cost bound"));
        assertThat(s.examples()).isEqualTo(480);
        assertThat(s.examplesLimit()).isEqualTo(600);
        // Under a newest-only objective a model of the new rows alone can win, so there it still trains.
        assertThat(AutoUpdate.probesHistory(config, true)).isFalse();
        assertThat(AutoUpdate.probesHistory(TestData.config(data, tmp.resolve("store"), 4,
                settings + "objective.past-weight = newest-only\n"), true)).isTrue();
        assertThat(AutoUpdate.probesHistory(config, false)).isTrue();
    }

    @Test
    void onANewClassesDateTheLabelPriorCorrectionGivesBackThePastDatesClasses() {
        // Date 2 brings two new classes with 5 times the rows the replay sample gives each old class (ratio 0.2),
        // and the classes overlap, so the replay model over-predicts the new ones; the corrected candidates move
        // the decisions back toward the old classes, as the objective (all dates equal) asks.
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("data");
        TestData.writePartition(data, D1, overlapping("a", new int[] {0, 1}, 200, 1), TestData.SCHEMA);
        TestData.writePartition(data, D2, overlapping("b", new int[] {2, 3}, 200, 2), TestData.SCHEMA);
        JobConfig config = TestData.config(data, tmp.resolve("store"), 4,
                "strategy = [auto]\nreplay.ratio = 0.2\nauto.ewc-lambdas = []\ntraining.epochs = 2\n");
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());

        new NightlyUpdate(spark, config, store).run(D1);
        StrategySelection s = new NightlyUpdate(spark, config, store).run(D2).selection();

        Map<String, CandidateResult> byName = byName(s);
        CandidateResult replay = byName.get("replay");
        CandidateResult full = byName.get("replay+prior[tau=1.0]");
        CandidateResult half = byName.get("replay+prior[tau=0.5]");
        assertThat(full.examples()).isZero();
        assertThat(half.scores()).containsOnlyKeys(D1.toString(), D2.toString());
        assertThat(full.scores().get(D1.toString())).as("the past date's classes")
                .isGreaterThan(replay.scores().get(D1.toString()) + 0.05);
        assertThat(full.scores().get(D2.toString())).isLessThanOrEqualTo(replay.scores().get(D2.toString()) + 0.01);
    }

    /** The candidates of {@code s} by name, in their recorded order. */
    private static Map<String, CandidateResult> byName(StrategySelection s) {
        Map<String, CandidateResult> byName = new LinkedHashMap<>();
        s.candidates().forEach(c -> byName.put(c.name(), c));
        return byName;
    }

    /** Rows of {@code classes} whose means (1 on the class's feature) lie within one noise sd of each other. */
    private static List<Row> overlapping(String idPrefix, int[] classes, int rowsPerClass, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int c : classes) {
            for (int i = 0; i < rowsPerClass; i++) {
                Float[] x = new Float[TestData.FEATURES];
                for (int f = 0; f < x.length; f++) {
                    x[f] = (float) (random.nextGaussian() + (f == c ? 1 : 0));
                }
                rows.add(RowFactory.create(idPrefix + "-" + rows.size(), x, c));
            }
        }
        return rows;
    }

    @Test
    void staleHistoryFiresOnAContradictingStreamAndStopsReplayingIt() {
        StrategySelection drift = runRegression("drift", -1);

        assertThat(drift.staleHistory().stale()).isTrue();
        assertThat(drift.staleHistory().gap()).isGreaterThan(drift.staleHistory().threshold());
        assertThat(drift.historyDropped()).isTrue();
        assertThat(drift.scoredWith()).startsWith("newest-only");
        // The reservoir stored with version 2 holds only the new date: the contradicted date is not replayed again.
        SparkSession spark = LocalSpark.session();
        HadoopModelStore store = new HadoopModelStore(tmp.resolve("store-drift").toUri().toString(),
                spark.sparkContext().hadoopConfiguration());
        Dataset<Row> reservoir = new ReplayReservoir(spark, Task.REGRESSION, 5000, 42)
                .stored(store, store.manifest("reg", 2)).orElseThrow();
        assertThat(reservoir.select(TrainingRows.DATE).distinct().collectAsList())
                .extracting(r -> r.getString(0)).containsExactly(D2.toString());
    }

    @Test
    void staleHistoryStaysSilentOnAStationaryStream() {
        StrategySelection stationary = runRegression("stationary", 1);

        assertThat(stationary.staleHistory()).isNotNull();
        assertThat(stationary.staleHistory().stale()).isFalse();
        assertThat(stationary.historyDropped()).isFalse();
        assertThat(stationary.scoredWith()).isEqualTo("equal");
    }

    @Test
    void onceHistoryWentStaleNewRowsOnlyTrainsFirstWithTheUpdatesBudget() {
        // y = w·x, then -w·x, then w·x again: version 2 finds the history stale, so version 3 trains new rows only
        // first, with the examples budget a fixed finetune would get, and replay (the probe) on what is left.
        List<RunSummary> runs = runRegression("flip", new int[] {1, -1, 1}, "training.max-update-examples = 3600\n");
        StrategySelection second = runs.get(1).selection();
        StrategySelection third = runs.get(2).selection();

        assertThat(second.historyDropped()).isTrue();
        assertThat(second.candidates().get(0).name()).isEqualTo("replay");
        // The replay plan: the plain replay update's rows (the plan counts the selection rows, which do not train).
        assertThat(second.candidates().get(0).examples()).isEqualTo((runs.get(1).rows().newRows()
                + runs.get(1).rows().replayRows()) * runs.get(1).training().epochs())
                .isLessThanOrEqualTo(second.replayUpdateExamples());

        long newRows = runs.get(2).rows().newRows();
        assertThat(third.candidates()).extracting(CandidateResult::name).startsWith("new-rows-only", "replay");
        CandidateResult newOnly = third.candidates().get(0);
        CandidateResult replay = third.candidates().get(1);
        assertThat(newOnly.examples() % newRows).isZero();
        assertThat(newOnly.examples() / newRows).as("epochs: more passes than the replay plan's one")
                .isGreaterThan(runs.get(2).training().epochs()).isLessThanOrEqualTo(5);
        assertThat(replay.skipped()).isNull();
        assertThat(replay.examples()).isLessThan(third.replayUpdateExamples())
                .isGreaterThanOrEqualTo((long) Math.floor(0.25 * third.replayUpdateExamples()));
        assertThat(third.examples()).isEqualTo(newOnly.examples() + replay.examples())
                .isLessThanOrEqualTo(third.examplesLimit());
    }

    /** Two dates of y = w·x; the second date multiplies the relation by {@code sign}; returns version 2's record. */
    private StrategySelection runRegression(String name, int sign) {
        return runRegression(name, new int[] {1, sign}, "").get(1).selection();
    }

    /** One date of y = sign·w·x per sign, one update each; returns their summaries. */
    private List<RunSummary> runRegression(String name, int[] signs, String extraHocon) {
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("data-" + name);
        List<LocalDate> dates = new ArrayList<>();
        for (int i = 0; i < signs.length; i++) {
            dates.add(D1.plusDays(i));
            TestData.writePartition(data, dates.get(i), TestData.linear("d" + i, 500, signs[i], i + 1),
                    TestData.REGRESSION_SCHEMA);
        }
        String hocon = "model-name = reg\nstrategy = [auto]\nstore = \"" + tmp.resolve("store-" + name).toUri() + "\"\n"
                + "data { root = \"" + data.toUri() + "\", id-column = id, task = regression }\n"
                + "model.hidden-layers = [{size = 16, activation = relu}]\n"
                + "training { epochs = 5, batch-size = 16, averaging-frequency = 2, learning-rate = 0.01 }\n"
                + "replay { ratio = 1.0, max-rows = 1000 }\nauto.ewc-lambdas = []\n" + extraHocon;
        JobConfig config = JobConfigLoader.fromConfig(ConfigFactory.parseString(hocon), "test");
        assertThat(config.strategy().methods()).extracting(Enum::name).containsExactly("AUTO");
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());
        List<RunSummary> runs = new ArrayList<>();
        for (LocalDate date : dates) {
            runs.add(new NightlyUpdate(spark, config, store).run(date));
        }
        return runs;
    }
}
