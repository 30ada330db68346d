package ai.continual.job.replay;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A sample drawn for storage with a version, not yet written: its rows (with priorities) and its rows per
 * group (known from the counts and quotas, so writing it needs no second pass).
 */
public record DrawnSample(Dataset<Row> rows, Map<String, Long> rowsByGroup) {

    public DrawnSample {
        rowsByGroup = Map.copyOf(rowsByGroup);
    }
}
