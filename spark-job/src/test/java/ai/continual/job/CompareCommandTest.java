package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.job.cli.ContinualJob;
import ai.continual.job.cli.ExitCodes;
import ai.continual.job.strategy.UpdateStrategy;
import ai.continual.provenance.VersionManifest;
import ai.continual.report.Comparison;
import ai.continual.report.ComparisonReport;
import ai.continual.report.ComparisonRun;
import ai.continual.report.StrategyResult;
import ai.continual.store.HadoopModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare} over two class-incremental dates: finetune, lwf, ewc+fusion and retrain. Checks the report
 * against the stored manifests, and the strategies' properties on real Spark runs: LwF keeps more of the
 * first date's classes than finetune, EWC stores its Fisher with each version, fusion records its alpha.
 */
class CompareCommandTest {

    static final LocalDate DAY1 = LocalDate.of(2026, 11, 25);
    static final LocalDate DAY2 = LocalDate.of(2026, 11, 26);

    @TempDir
    Path tmp;

    @Test
    void compareWritesAReportWhosePlotsExistAndWhoseNumbersMatchTheManifests() throws Exception {
        Path data = tmp.resolve("data");
        TestData.writePartition(data, DAY1, TestData.blobs("a", new int[] {0, 1}, 60, 1), TestData.SCHEMA);
        TestData.writePartition(data, DAY2, TestData.blobs("b", new int[] {2, 3}, 60, 2), TestData.SCHEMA);
        Path conf = tmp.resolve("job.conf");
        Files.writeString(conf, "model-name = cmp\n"
                + "data { root = \"" + data.toUri() + "\", id-column = id, num-classes = 4 }\n"
                + "model.hidden-layers = [{size = 16, activation = relu}]\n"
                + "training { epochs = 3, batch-size = 16, averaging-frequency = 2, learning-rate = 0.01 }\n"
                + "fusion.alpha-grid = [0.5, 1.0]\n");
        Path out = tmp.resolve("report");

        int code = ContinualJob.run("compare", "--config", conf.toString(), "--strategies", "finetune,lwf,ewc+fusion",
                "--out", out.toString());

        assertThat(code).isEqualTo(ExitCodes.OK);
        Comparison comparison = ComparisonReport.json().readValue(out.resolve(ComparisonReport.JSON_FILE).toFile(),
                Comparison.class);
        assertThat(comparison.dates()).containsExactly(DAY1.toString(), DAY2.toString());
        assertThat(comparison.strategies()).extracting(StrategyResult::strategy)
                .containsExactly("finetune", "lwf", "ewc+fusion", "retrain");
        String html = Files.readString(out.resolve(ComparisonReport.HTML_FILE));
        for (String plot : new String[] {"matrix-finetune", "matrix-lwf", "matrix-ewc_fusion", "matrix-retrain",
                "average-score", "forgetting", "examples", "wall-time"}) {
            Path png = out.resolve(plot + ".png");
            assertThat(png).exists();
            byte[] bytes = Files.readAllBytes(png);
            assertThat(bytes.length).isGreaterThan(1000);
            assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
            assertThat(html).contains("src=\"" + plot + ".png\"");
        }

        for (StrategyResult s : comparison.strategies()) {
            HadoopModelStore store = new HadoopModelStore(s.store(), LocalSpark.session().sparkContext().hadoopConfiguration());
            assertThat(s.runs()).hasSize(2);
            for (ComparisonRun run : s.runs()) {
                VersionManifest m = store.manifest("cmp", run.version());
                assertThat(run.date()).isEqualTo(m.summary().date());
                m.summary().metrics().forEach((partition, result) ->
                        assertThat(run.scores().get(partition)).isEqualTo(result.accuracy()));
                assertThat(run.examples()).isEqualTo(3 * (m.summary().rows().newRows() + m.summary().rows().replayRows()));
                assertThat(run.averageScore()).isEqualTo(m.continual().averageScore());
            }
        }

        StrategyResult finetune = comparison.strategies().get(0);
        StrategyResult lwf = comparison.strategies().get(1);
        StrategyResult ewcFusion = comparison.strategies().get(2);
        StrategyResult retrain = comparison.strategies().get(3);
        double finetuneOld = finetune.last().scores().get(DAY1.toString());
        double lwfOld = lwf.last().scores().get(DAY1.toString());
        assertThat(lwfOld).isGreaterThan(finetuneOld);

        HadoopModelStore ewcStore = new HadoopModelStore(ewcFusion.store(), LocalSpark.session().sparkContext().hadoopConfiguration());
        assertThat(ewcStore.load("cmp", 1).arrays()).containsKey(UpdateStrategy.FISHER);
        assertThat(ewcStore.load("cmp", 2).arrays()).containsKey(UpdateStrategy.FISHER);
        assertThat(ewcStore.manifest("cmp", 2).strategy()).startsWith("ewc+fusion[alpha=").contains("chosen from [0.5, 1.0]");

        HadoopModelStore retrainStore = new HadoopModelStore(retrain.store(), LocalSpark.session().sparkContext().hadoopConfiguration());
        VersionManifest retrained = retrainStore.manifest("cmp", 2);
        assertThat(retrained.kind()).isEqualTo(ai.continual.provenance.VersionKind.RETRAIN);
        assertThat(retrained.parentVersion()).isNull();
        assertThat(retrained.summary().rows().newRows())
                .isEqualTo(retrainStore.manifest("cmp", 1).summary().rows().newRows() + finetune.last().examples() / 3);
        assertThat(retrain.totalExamples()).isGreaterThan(finetune.totalExamples());
    }

    @Test
    void aNamedStrategyRunsWithItsOwnSettingsBesideTheSharedOnesAndAnUnknownNameIsRefused() throws Exception {
        Path data = tmp.resolve("data");
        TestData.writePartition(data, DAY1, TestData.blobs("a", new int[] {0, 1}, 40, 1), TestData.SCHEMA);
        TestData.writePartition(data, DAY2, TestData.blobs("b", new int[] {0, 1}, 40, 2), TestData.SCHEMA);
        Path conf = tmp.resolve("job.conf");
        Files.writeString(conf, "model-name = cmp\n"
                + "data { root = \"" + data.toUri() + "\", id-column = id, num-classes = 2 }\n"
                + "model.hidden-layers = [{size = 8, activation = relu}]\n"
                + "training { epochs = 3, batch-size = 16, averaging-frequency = 2 }\n");
        Path out = tmp.resolve("report");
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        int code;
        try {
            System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
            code = ContinualJob.run("compare", "--config", conf.toString(), "--strategies", "finetune,short=finetune",
                    "--set-for", "short:training.epochs=1", "--no-retrain", "--no-warm-up", "--out", out.toString());
        } finally {
            System.setOut(stdout);
        }

        assertThat(code).isEqualTo(ExitCodes.OK);
        Comparison comparison = ComparisonReport.json().readValue(out.resolve(ComparisonReport.JSON_FILE).toFile(),
                Comparison.class);
        StrategyResult shared = comparison.strategies().get(0);
        StrategyResult tuned = comparison.strategies().get(1);
        assertThat(tuned.strategy()).isEqualTo("short");
        assertThat(tuned.settings()).containsExactly("training.epochs=1");
        assertThat(shared.settings()).isEmpty();
        HadoopModelStore tunedStore = new HadoopModelStore(tuned.store(), LocalSpark.session().sparkContext().hadoopConfiguration());
        HadoopModelStore sharedStore = new HadoopModelStore(shared.store(), LocalSpark.session().sparkContext().hadoopConfiguration());
        long rows = tunedStore.manifest("cmp", 1).summary().rows().newRows()
                + tunedStore.manifest("cmp", 2).summary().rows().newRows();
        assertThat(tuned.totalExamples()).isEqualTo(rows);
        assertThat(shared.totalExamples()).isEqualTo(3 * rows);
        // Date by date, the strategies' order rotated per date: neither runs all its dates first (JIT warm-up).
        java.util.function.BiFunction<HadoopModelStore, Integer, java.time.Instant> created = (store, version) ->
                java.time.Instant.parse(store.manifest("cmp", version).createdAt());
        assertThat(created.apply(sharedStore, 1)).isBefore(created.apply(tunedStore, 1));
        assertThat(created.apply(tunedStore, 1)).isBefore(created.apply(tunedStore, 2));
        assertThat(created.apply(tunedStore, 2)).isBefore(created.apply(sharedStore, 2));
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("short ran with training.epochs=1");
        assertThat(Files.readString(out.resolve(ComparisonReport.HTML_FILE))).contains("<small>training.epochs=1</small>");

        int refused = ContinualJob.run("compare", "--config", conf.toString(), "--strategies", "finetune",
                "--set-for", "tuned:training.epochs=1", "--out", tmp.resolve("other").toString());
        assertThat(refused).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(tmp.resolve("other")).doesNotExist();
        int sharedFolder = ContinualJob.run("compare", "--config", conf.toString(), "--strategies",
                "replay+lwf,replay_lwf=finetune", "--no-retrain", "--out", tmp.resolve("other").toString());
        assertThat(sharedFolder).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(tmp.resolve("other")).doesNotExist();
    }

    @Test
    void theDefaultEntryRunsExactlyWhatTheNightlyJobRunsAndTheReportShowsTheObjective() throws Exception {
        Path data = tmp.resolve("data");
        TestData.writePartition(data, DAY1, TestData.blobs("a", new int[] {0, 1}, 60, 1), TestData.SCHEMA);
        TestData.writePartition(data, DAY2, TestData.blobs("b", new int[] {2, 3}, 60, 2), TestData.SCHEMA);
        String job = "model-name = cmp\nstrategy = [auto]\n"
                + "data { root = \"" + data.toUri() + "\", id-column = id, num-classes = 4 }\n"
                + "model.hidden-layers = [{size = 8, activation = relu}]\n"
                + "training { epochs = 2, batch-size = 16, averaging-frequency = 2, learning-rate = 0.01 }\n"
                + "auto.ewc-lambdas = [3]\nobjective { past-weight = half-life, half-life-dates = 1 }\n";
        Path conf = tmp.resolve("job.conf");
        Files.writeString(conf, job);
        Path out = tmp.resolve("report");

        // With the warm-up (the default): the first strategy runs once untimed into a scratch store first, which
        // must change none of its results (the nightly runs below are compared version by version).
        CliRun compare = CliRun.of("compare", "--config", conf.toString(), "--strategies", "default",
                "--no-retrain", "--out", out.toString());
        int code = compare.exitCode();
        assertThat(compare.stderr()).containsPattern("\\[warm-up\\] default " + DAY1 + ": \\d+ s, not timed");
        assertThat(out.resolve("warm-up")).doesNotExist();
        assertThat(out.resolve("stores")).isDirectoryContaining(p -> p.getFileName().toString().equals("default"));
        // The nightly job with the same file, into a store of its own.
        ai.continual.config.JobConfig nightly = ai.continual.config.JobConfigLoader.fromConfig(
                com.typesafe.config.ConfigFactory.parseString(job + "store = \"" + tmp.resolve("nightly").toUri() + "\"\n"),
                "nightly");
        HadoopModelStore nightlyStore = new HadoopModelStore(nightly.store(),
                LocalSpark.session().sparkContext().hadoopConfiguration());
        java.util.List<ai.continual.provenance.RunSummary> runs = java.util.List.of(
                new NightlyUpdate(LocalSpark.session(), nightly, nightlyStore).run(DAY1),
                new NightlyUpdate(LocalSpark.session(), nightly, nightlyStore).run(DAY2));

        assertThat(code).isEqualTo(ExitCodes.OK);
        Comparison comparison = ComparisonReport.json().readValue(out.resolve(ComparisonReport.JSON_FILE).toFile(),
                Comparison.class);
        StrategyResult byDefault = comparison.strategies().get(0);
        assertThat(byDefault.strategy()).isEqualTo("default");
        HadoopModelStore compared = new HadoopModelStore(byDefault.store(),
                LocalSpark.session().sparkContext().hadoopConfiguration());
        for (int version = 1; version <= 2; version++) {
            VersionManifest a = compared.manifest("cmp", version);
            VersionManifest b = nightlyStore.manifest("cmp", version);
            assertThat(a.strategy()).startsWith("auto:").isEqualTo(b.strategy());
            assertThat(a.summary().rows()).isEqualTo(b.summary().rows());
            assertThat(a.summary().metrics()).isEqualTo(b.summary().metrics());
            assertThat(a.summary().selection().candidates()).extracting(c -> c.name() + "=" + c.scores())
                    .isEqualTo(b.summary().selection().candidates().stream().map(c -> c.name() + "=" + c.scores()).toList());
            assertThat(byDefault.runs().get(version - 1).examples()).isEqualTo(runs.get(version - 1).selection().examples());
        }
        // The objective (half-life 1 date) beside the all-dates average and the newest date's score.
        ComparisonRun last = byDefault.last();
        double newest = last.scores().get(DAY2.toString());
        double old = last.scores().get(DAY1.toString());
        assertThat(comparison.objective()).isEqualTo("half-life 1.0 dates");
        assertThat(last.newScore()).isEqualTo(newest);
        assertThat(last.objectiveScore()).isCloseTo((newest + 0.5 * old) / 1.5, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(last.averageScore()).isCloseTo((newest + old) / 2, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(Files.readString(out.resolve(ComparisonReport.HTML_FILE)))
                .contains("final objective (half-life 1.0 dates)").contains("final newest date");
    }
}
