package ai.continual.job;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.config.JobConfig;
import ai.continual.store.HadoopModelStore;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An update reads its new partition's files once: validation, held-out split, normaliser statistics, training
 * rows, evaluation, reservoir and held-out sample all come from that one read. Measured by counting the file
 * opens under the partition folder against the opens of one plain full scan of the same folder.
 */
class ReadOncePerUpdateTest {

    static final LocalDate DAY1 = LocalDate.of(2026, 11, 25);
    static final LocalDate DAY2 = LocalDate.of(2026, 11, 26);

    @TempDir
    Path tmp;

    @Test
    void theFirstVersionAndAnUpdateEachOpenTheirPartitionAsOftenAsOneScan() {
        SparkSession spark = LocalSpark.session();
        CountingLocalFileSystem.register(spark.sparkContext().hadoopConfiguration());
        Path data = tmp.resolve("data");
        TestData.writePartition(data, DAY1, TestData.blobs("a", new int[] {0, 1}, 60, 1), TestData.SCHEMA);
        TestData.writePartition(data, DAY2, TestData.blobs("b", new int[] {2, 3}, 60, 2), TestData.SCHEMA);
        String root = CountingLocalFileSystem.SCHEME + "://" + data.toUri().getPath();
        JobConfig config = TestData.config(Path.of(data.toString()), tmp.resolve("store"), 4,
                "data.root = \"" + root + "\"\nstrategy = [replay]\n");
        HadoopModelStore store = new HadoopModelStore(config.store(), spark.sparkContext().hadoopConfiguration());

        long oneScan1 = CountingLocalFileSystem.opensOfOneScan(spark, root, DAY1);
        CountingLocalFileSystem.reset();
        new NightlyUpdate(spark, config, store).run(DAY1);
        long initial = CountingLocalFileSystem.opensOf("date=" + DAY1);

        long oneScan2 = CountingLocalFileSystem.opensOfOneScan(spark, root, DAY2);
        CountingLocalFileSystem.reset();
        new NightlyUpdate(spark, config, store).run(DAY2);
        long update = CountingLocalFileSystem.opensOf("date=" + DAY2);
        long historyDuringUpdate = CountingLocalFileSystem.opensOf("date=" + DAY1);

        assertThat(oneScan1).isPositive();
        assertThat(initial).as("opens of the first version's partition").isEqualTo(oneScan1);
        assertThat(update).as("opens of the update's new partition").isEqualTo(oneScan2);
        assertThat(historyDuringUpdate).as("the update reads the parent's reservoir, not history").isZero();
    }
}
