package ai.continual.job.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.continual.job.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@link ExampleRow#of}: the unboxed rows executors train and evaluate on carry exactly the values of the rows
 * read back from Parquet (whose arrays Spark always reads as {@code containsNull = true}), and ignore the layout's
 * other columns.
 */
class ExampleRowTest {

    @Test
    void unboxedRowsCarryTheParquetRowsValues() throws Exception {
        SparkSession spark = LocalSpark.session();
        StructType schema = new StructType()
                .add(TrainingRows.DATE, DataTypes.StringType)
                .add(TrainingRows.FEATURES, DataTypes.createArrayType(DataTypes.DoubleType, true))
                .add(TrainingRows.LABEL, DataTypes.DoubleType)
                .add(TrainingRows.HOLDOUT, DataTypes.BooleanType);
        List<Row> written = List.of(
                RowFactory.create("2026-01-01", new double[] {0.5, -1.25, 3e-8}, 2.0, false),
                RowFactory.create("2026-01-02", new double[] {Double.MAX_VALUE, 0.0, -7.0}, 0.0, true),
                RowFactory.create("2026-01-02", new double[] {1.0, 2.0, 3.0}, 1.5, false));
        Path dir = Files.createTempDirectory("example-row").resolve("rows");
        spark.createDataFrame(written.stream().map(r -> RowFactory.create(r.get(0),
                java.util.Arrays.stream((double[]) r.get(1)).boxed().toList(), r.get(2), r.get(3))).toList(), schema)
                .write().parquet(dir.toString());
        Dataset<Row> read = spark.read().parquet(dir.toString());

        List<ExampleRow> rows = ExampleRow.of(read).collect().stream()
                .sorted(Comparator.comparingDouble(ExampleRow::getLabel).reversed()).toList();

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).getDate()).isEqualTo("2026-01-01");
        assertThat(rows.get(0).getFeatures()).containsExactly(0.5, -1.25, 3e-8);
        assertThat(rows.get(0).getLabel()).isEqualTo(2.0);
        assertThat(rows.get(1).getFeatures()).containsExactly(1.0, 2.0, 3.0);
        assertThat(rows.get(1).getLabel()).isEqualTo(1.5);
        assertThat(rows.get(2).getDate()).isEqualTo("2026-01-02");
        assertThat(rows.get(2).getFeatures()).containsExactly(Double.MAX_VALUE, 0.0, -7.0);
    }
}
