package ai.continual.job.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.continual.config.JobConfig;
import ai.continual.job.LocalSpark;
import ai.continual.job.NightlyUpdate;
import ai.continual.job.TestData;
import ai.continual.store.AliasMove;
import ai.continual.store.HadoopModelStore;
import ai.continual.store.LeaseManager;
import ai.continual.store.ModelStore;
import ai.continual.store.PromotedVersion;
import ai.continual.store.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commit and promote as one step of the pipeline: a promotion lost after its commit is completed by the next run. */
class LeasedRunTest {

    static final LocalDate DAY1 = LocalDate.of(2026, 11, 24);
    static final LocalDate DAY2 = LocalDate.of(2026, 11, 25);
    static final LocalDate DAY3 = LocalDate.of(2026, 11, 26);

    @TempDir
    Path tmp;

    @Test
    void aFailedAliasWriteAfterTheCommitIsCompletedByTheNextRun() {
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("data");
        TestData.writePartition(data, DAY1, TestData.blobs("a", new int[] {0, 1}, 20, 1), TestData.SCHEMA);
        TestData.writePartition(data, DAY2, TestData.blobs("b", new int[] {0, 1, 2}, 20, 2), TestData.SCHEMA);
        TestData.writePartition(data, DAY3, TestData.blobs("c", new int[] {1, 2, 3}, 20, 3), TestData.SCHEMA);
        JobConfig config = TestData.config(data, tmp.resolve("store"), 4, "training.epochs = 1\n");
        HadoopModelStore real = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());
        AtomicInteger aliasFailures = new AtomicInteger();
        ModelStore store = AliasWriteFailingStore.wrap(real, config.store(), spark.sparkContext().hadoopConfiguration(),
                aliasFailures);
        LeaseManager leases = real.leases(Duration.ofMinutes(1));
        LeasedRun run = new LeasedRun(store, leases, config.modelName());
        String model = config.modelName();

        run.run(RunRequest.of(RunKind.UPDATE, DAY1), false, () -> new NightlyUpdate(spark, config, store));
        assertThat(PromotedVersion.latest(store, model)).contains(1);

        aliasFailures.set(1);
        assertThatThrownBy(() -> run.run(RunRequest.of(RunKind.UPDATE, DAY2), false,
                () -> new NightlyUpdate(spark, config, store))).isInstanceOf(StoreException.class)
                .hasMessageContaining("Injected fault");
        assertThat(store.versions(model)).containsExactly(1, 2);
        assertThat(store.alias(model, PromotedVersion.PRODUCTION_ALIAS).orElseThrow().version()).isEqualTo(1);
        assertThat(leases.current(model)).as("the failed run released its lease").isEmpty();

        // The dry run of the next date plans on version 2, as the run will after completing the promotion.
        UpdatePlan plan = run.run(RunRequest.of(RunKind.UPDATE, DAY3), true,
                () -> new NightlyUpdate(spark, config, store)).plan();
        assertThat(plan.parentVersion()).isEqualTo(2);
        assertThat(plan.version()).isEqualTo(3);
        assertThat(store.alias(model, PromotedVersion.PRODUCTION_ALIAS).orElseThrow().version())
                .as("a dry run changes nothing").isEqualTo(1);

        // The scheduler's retry of the failed night completes the promotion and trains nothing.
        LeasedRun.Result retry = run.run(RunRequest.of(RunKind.UPDATE, DAY2), false,
                () -> new NightlyUpdate(spark, config, store));
        assertThat(retry.rolledForward()).containsExactly(new AliasMove(PromotedVersion.PRODUCTION_ALIAS, 2, 1));
        assertThat(retry.plan().alreadyCommittedAs()).isEqualTo(2);
        assertThat(PromotedVersion.latest(store, model)).contains(2);

        LeasedRun.Result next = run.run(RunRequest.of(RunKind.UPDATE, DAY3), false,
                () -> new NightlyUpdate(spark, config, store));
        assertThat(next.outcome().orElseThrow().manifest().parentVersion()).isEqualTo(2);
        assertThat(next.plan().parentVersion()).isEqualTo(2);
        assertThat(next.outcome().orElseThrow().summary().version()).isEqualTo(plan.version()).isEqualTo(3);
        assertThat(PromotedVersion.latest(store, model)).contains(3);
        assertThat(next.outcome().orElseThrow().manifest().summary().metrics()).containsKeys(DAY1.toString(),
                DAY2.toString(), DAY3.toString());
    }
}
