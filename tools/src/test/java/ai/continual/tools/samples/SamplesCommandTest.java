package ai.continual.tools.samples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.tools.ContinualTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code continual-tools samples} writes real date partitions that Spark reads back with the promised schema. */
class SamplesCommandTest {

    @TempDir
    Path tmp;

    static SparkSession spark() {
        return SparkSession.builder().master("local[2]").appName("continual-tools-tests")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @Test
    void regressionAndSequencesAreWrittenAsOnePartitionPerDate() throws Exception {
        SparkSession spark = spark();
        Path regression = tmp.resolve("regression");
        Path sequences = tmp.resolve("sequences");
        assertThat(ContinualTools.run("samples", "regression", "--out", regression.toString(), "--dates", "3",
                "--rows-per-date", "40", "--start", "2026-01-30")).isZero();
        assertThat(ContinualTools.run("samples", "sequences", "--out", sequences.toString(), "--dates", "2",
                "--rows-per-date", "12")).isZero();

        try (Stream<Path> dates = Files.list(regression)) {
            assertThat(dates.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("date=2026-01-30", "date=2026-01-31", "date=2026-02-01");
        }
        Dataset<Row> day = spark.read().parquet(regression.resolve("date=2026-01-31").toString());
        assertThat(day.count()).isEqualTo(40);
        assertThat(day.columns()).containsExactly("id", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "y");
        assertThat(day.schema().apply("y").dataType()).isEqualTo(DataTypes.DoubleType);

        Dataset<Row> windows = spark.read().parquet(sequences.resolve("date=2026-11-24").toString());
        assertThat(windows.count()).isEqualTo(12);
        assertThat(windows.schema().simpleString()).isEqualTo("struct<id:string,window:array<array<float>>,state:int>");
        List<Object> firstWindow = windows.first().getList(1);
        assertThat(firstWindow).hasSize(SensorWindows.STEPS);
        assertThat(((scala.collection.Seq<?>) firstWindow.get(0)).size()).isEqualTo(SensorWindows.CHANNELS);
    }
}
