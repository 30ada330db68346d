package ai.continual.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Versions × partitions score matrix of one lineage (version order = learning order), the input of every
 * forgetting metric. A cell is null when that version was not evaluated on that partition (not seen yet).
 */
public record AccuracyMatrix(List<String> versions, List<String> partitions, Double[][] cells) {

    /** Lays out {@code rows} (oldest first) over the union of their partitions, sorted by date. */
    public static AccuracyMatrix of(List<VersionScores> rows) {
        TreeSet<String> partitions = new TreeSet<>();
        rows.forEach(r -> partitions.addAll(r.scores().keySet()));
        List<String> columns = new ArrayList<>(partitions);
        Double[][] cells = new Double[rows.size()][columns.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < columns.size(); j++) {
                cells[i][j] = rows.get(i).scores().get(columns.get(j));
            }
        }
        return new AccuracyMatrix(rows.stream().map(VersionScores::label).toList(), columns, cells);
    }

    public Double get(int version, int partition) {
        return cells[version][partition];
    }

    public int rowCount() {
        return versions.size();
    }

    public int columnCount() {
        return partitions.size();
    }

    /** Index of the first version evaluated on {@code partition} (when it was learned), or -1. */
    public int learnedAt(int partition) {
        for (int i = 0; i < rowCount(); i++) {
            if (cells[i][partition] != null) {
                return i;
            }
        }
        return -1;
    }
}
