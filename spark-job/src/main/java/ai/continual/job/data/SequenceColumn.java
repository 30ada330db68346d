package ai.continual.job.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import ai.continual.config.DataConfig;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The sequence form of the data contract: a feature column of type {@code array<array<float|double>>}
 * (time steps x features per step) with one label per row. It is flattened step after step into the
 * internal {@code features} array, and every row must have the same number of steps and of values per step
 * (fixed windows), which the reader checks in the same pass as its other checks.
 */
final class SequenceColumn {

    static final String STEPS = "_steps";
    static final String MIN_WIDTH = "_min_width";
    static final String MAX_WIDTH = "_max_width";

    private final String name;

    private SequenceColumn(String name) {
        this.name = name;
    }

    /** The sequence column of {@code schema} named by data.features, or a no-op when features are flat. */
    static SequenceColumn of(DataConfig config, StructType schema) {
        return config.featureArrayColumn()
                .filter(column -> {
                    for (StructField field : schema.fields()) {
                        if (field.name().equals(column)) {
                            return isSequence(field.dataType());
                        }
                    }
                    return false;
                })
                .map(SequenceColumn::new)
                .orElse(new SequenceColumn(null));
    }

    static boolean isFeatureArray(DataType type) {
        return type instanceof ArrayType array && isReal(array.elementType());
    }

    static boolean isSequence(DataType type) {
        return type instanceof ArrayType outer && isFeatureArray(outer.elementType());
    }

    private static boolean isReal(DataType type) {
        return type.equals(DataTypes.FloatType) || type.equals(DataTypes.DoubleType);
    }

    boolean present() {
        return name != null;
    }

    /** The flattened {@code array<double>}, null when the sequence or any of its steps is null. */
    Optional<Column> flatFeatures() {
        return present() ? Optional.of(org.apache.spark.sql.functions.flatten(col(quoted())).cast("array<double>"))
                : Optional.empty();
    }

    Column steps() {
        return present() ? expr("size(" + quoted() + ")") : lit(0);
    }

    Column minWidth() {
        return present() ? expr("array_min(transform(" + quoted() + ", s -> size(s)))") : lit(0);
    }

    Column maxWidth() {
        return present() ? expr("array_max(transform(" + quoted() + ", s -> size(s)))") : lit(0);
    }

    /** min/max steps and min/max values per step over rows with valid features (4 aggregate columns). */
    Column[] stepStatistics() {
        String valid = "CASE WHEN " + TrainingRows.FEATURES + " IS NOT NULL THEN ";
        return new Column[] {
            expr("min(" + valid + STEPS + " END)"),
            expr("max(" + valid + STEPS + " END)"),
            expr("min(" + valid + MIN_WIDTH + " END)"),
            expr("max(" + valid + MAX_WIDTH + " END)")
        };
    }

    /**
     * The number of time steps every row has, read from the statistics starting at column {@code from};
     * 0 when the features are not a sequence. Ragged sequences fail with a message naming the partition.
     */
    int checkedTimeSteps(Row stats, int from, String where) {
        if (!present() || stats.isNullAt(from)) {
            return 0;
        }
        int minSteps = stats.getInt(from);
        int maxSteps = stats.getInt(from + 1);
        int minWidth = stats.getInt(from + 2);
        int maxWidth = stats.getInt(from + 3);
        if (minSteps != maxSteps) {
            throw new DataContractException(where + ": sequences in column '" + name + "' have from " + minSteps
                    + " to " + maxSteps + " time steps; every row needs the same number (fixed windows).");
        }
        if (minWidth != maxWidth) {
            throw new DataContractException(where + ": time steps in column '" + name + "' have from " + minWidth
                    + " to " + maxWidth + " values; every step of every row needs the same number of features.");
        }
        if (minSteps < 1 || minWidth < 1) {
            throw new DataContractException(where + ": sequences in column '" + name + "' are empty; every row needs"
                    + " at least one time step with at least one feature.");
        }
        return minSteps;
    }

    private String quoted() {
        return "`" + name.replace("`", "``") + "`";
    }
}
