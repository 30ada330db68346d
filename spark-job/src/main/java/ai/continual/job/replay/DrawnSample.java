package ai.continual.job.replay;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A sample drawn for storage with a version, not yet written: its rows (with priorities), its rows per
 * group (known from the counts and quotas, so writing it needs no second pass), and the cached candidates
 * it was drawn from, released once it is written.
 */
public record DrawnSample(Dataset<Row> rows, Map<String, Long> rowsByGroup, Dataset<Row> cachedCandidates) {

    public DrawnSample {
        rowsByGroup = Map.copyOf(rowsByGroup);
    }
}
