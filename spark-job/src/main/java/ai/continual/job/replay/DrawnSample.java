package ai.continual.job.replay;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A sample drawn for storage with a version, not yet written: its rows (with priorities) and its rows per
 * group (known from the counts and quotas, so writing it needs no second pass).
 *
 * @param filteredFrom rows of the candidates that {@code rows} is a plain filter of (no shuffle in between), or 0
 *                     when the rows come out of a shuffle; tells the writer what one task would read if it wrote
 *                     the sample as one file without a shuffle
 */
public record DrawnSample(Dataset<Row> rows, Map<String, Long> rowsByGroup, long filteredFrom) {

    public DrawnSample {
        rowsByGroup = Map.copyOf(rowsByGroup);
    }
}
