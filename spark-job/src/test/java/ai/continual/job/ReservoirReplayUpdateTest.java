package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.config.JobConfig;
import ai.continual.job.replay.HoldoutSample;
import ai.continual.job.replay.ReplayReservoir;
import ai.continual.provenance.RunSummary;
import ai.continual.provenance.StoredArtifact;
import ai.continual.provenance.VersionManifest;
import ai.continual.store.HadoopModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reservoir as the default replay source: an update reads the new partition and the parent's stored
 * reservoir and held-out sample, never the historical partitions; {@code replay.source = history} still
 * reads them.
 */
class ReservoirReplayUpdateTest {

    static final LocalDate DAY1 = LocalDate.of(2026, 11, 25);
    static final LocalDate DAY2 = LocalDate.of(2026, 11, 26);
    static final LocalDate DAY3 = LocalDate.of(2026, 11, 27);

    @TempDir
    Path tmp;

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void updateNeedsOnlyTheNewPartitionAndTheStoredSamples() throws IOException {
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("data");
        TestData.writePartition(data, DAY1, TestData.blobs("a", new int[] {0, 1}, 40, 1), TestData.SCHEMA);
        TestData.writePartition(data, DAY2, TestData.blobs("b", new int[] {2, 3}, 40, 2), TestData.SCHEMA);
        JobConfig config = TestData.config(data, tmp.resolve("store"), 4,
                "replay.reservoir-size = 24\ndata.stored-holdout-rows = 5\ntraining.epochs = 1\n");
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());

        new NightlyUpdate(spark, config, store).run(DAY1);
        VersionManifest v1 = store.manifest("test-model", 1);
        StoredArtifact reservoir1 = v1.artifact(ReplayReservoir.NAME).orElseThrow();
        assertThat(reservoir1.rowsByGroup()).containsOnlyKeys("0", "1");
        assertThat(reservoir1.rows()).isEqualTo(24);
        assertThat(v1.artifact(HoldoutSample.NAME).orElseThrow().rowsByGroup()).containsEntry(DAY1.toString(), 5L);
        assertThat(Path.of(java.net.URI.create(store.artifactLocation(v1, reservoir1)))).isDirectory();
        assertThat(v1.checksums()).as("every data file of the reservoir is checksummed")
                .hasKeySatisfying(new org.assertj.core.api.Condition<>(k -> k.startsWith("reservoir/part-"), "part"));
        assertThat(reservoir1.sha256()).hasSize(64);

        delete(data.resolve("date=" + DAY1));   // history is gone: the update cannot read it
        RunSummary second = new NightlyUpdate(spark, config, store).run(DAY2);

        assertThat(second.partitionsRead()).containsExactly(DAY2.toString());
        assertThat(second.rows().replayRows()).isPositive().isLessThanOrEqualTo(24);
        assertThat(second.metrics()).containsKeys(DAY1.toString(), DAY2.toString());
        assertThat(second.metrics().get(DAY1.toString()).rows()).isEqualTo(5);
        VersionManifest v2 = store.manifest("test-model", 2);
        assertThat(v2.inputs()).extracting(i -> i.role()).containsExactly("new", "reservoir", "holdout-sample");
        StoredArtifact reservoir2 = v2.artifact(ReplayReservoir.NAME).orElseThrow();
        assertThat(reservoir2.rows()).isEqualTo(24);
        assertThat(reservoir2.rowsByGroup()).isEqualTo(Map.of("0", 6L, "1", 6L, "2", 6L, "3", 6L));
        assertThat(v2.artifact(HoldoutSample.NAME).orElseThrow().rowsByGroup()).containsOnlyKeys(DAY1.toString(),
                DAY2.toString());
    }

    @Test
    void historySourceStillReadsEveryEarlierPartition() {
        SparkSession spark = LocalSpark.session();
        Path data = tmp.resolve("data");
        TestData.writePartition(data, DAY1, TestData.blobs("a", new int[] {0, 1}, 30, 1), TestData.SCHEMA);
        TestData.writePartition(data, DAY2, TestData.blobs("b", new int[] {2}, 30, 2), TestData.SCHEMA);
        TestData.writePartition(data, DAY3, TestData.blobs("c", new int[] {3}, 30, 3), TestData.SCHEMA);
        JobConfig config = TestData.config(data, tmp.resolve("store"), 4,
                "replay.source = history\ndata.stored-holdout-rows = 0\ntraining.epochs = 1\n");
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());

        new NightlyUpdate(spark, config, store).run(DAY2);
        RunSummary third = new NightlyUpdate(spark, config, store).run(DAY3);

        assertThat(third.partitionsRead()).containsExactly(DAY1.toString(), DAY2.toString(), DAY3.toString());
        VersionManifest v2 = store.manifest("test-model", 2);
        assertThat(v2.inputs()).extracting(i -> i.role()).containsExactly("history", "history", "new",
                "reservoir");
        assertThat(v2.artifact(HoldoutSample.NAME)).isEmpty();
        assertThat(v2.artifact(ReplayReservoir.NAME).orElseThrow().rowsByGroup()).containsOnlyKeys("0", "1", "2", "3");
    }
}
