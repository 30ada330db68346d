package ai.continual.job.data;

import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * One row of the internal layout ({@link TrainingRows}) as executors consume it: date, features as a primitive
 * {@code double[]} and label. Spark's bean encoder copies a row's feature array in one call
 * ({@code UnsafeArrayData.toDoubleArray}); turning a {@code Dataset<Row>} into an RDD of {@link Row}s instead boxes
 * every element into a {@code Double} and back, which a JFR profile of a 600 000-row update found to be the largest
 * Java cost of evaluation (docs/performance.md). A Java bean, because Spark's encoders build beans, not records.
 */
public final class ExampleRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Encoder<ExampleRow> ENCODER = Encoders.bean(ExampleRow.class);

    private String date;
    private double[] features;
    private double label;

    /** For the encoder. */
    public ExampleRow() {}

    /** The rows of {@code rows} (any columns beyond date, features and label are ignored), unboxed. */
    public static JavaRDD<ExampleRow> of(Dataset<Row> rows) {
        return rows.select(TrainingRows.DATE, TrainingRows.FEATURES, TrainingRows.LABEL).as(ENCODER).toJavaRDD();
    }

    public String getDate() {
        return date;
    }

    public void setDate(String date) {
        this.date = date;
    }

    public double[] getFeatures() {
        return features;
    }

    public void setFeatures(double[] features) {
        this.features = features;
    }

    public double getLabel() {
        return label;
    }

    public void setLabel(double label) {
        this.label = label;
    }
}
