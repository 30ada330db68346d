package ai.continual.tools.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Assigns examples to dates so that classes arrive over time: date i brings {@code classesPerDate} new
 * classes, and a share of its rows ({@code earlierShare}) comes from classes of earlier dates.
 */
final class ClassIncrementalSplit {

    private ClassIncrementalSplit() {}

    /**
     * Indices of {@code labels} per date.
     *
     * @param rowsPerDate rows per date, or 0 for all rows of the date's new classes (plus the earlier share)
     */
    static List<List<Integer>> split(int[] labels, int dates, int classesPerDate, int rowsPerDate,
                                     double earlierShare, long seed) {
        int numClasses = dates * classesPerDate;
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < numClasses) {
                byClass.get(labels[i]).add(i);
            }
        }
        Random random = new Random(seed);
        byClass.forEach(list -> java.util.Collections.shuffle(list, random));
        int[] next = new int[numClasses];
        List<List<Integer>> result = new ArrayList<>();
        for (int d = 0; d < dates; d++) {
            List<Integer> rows = new ArrayList<>();
            int earlierClasses = d * classesPerDate;
            int newRowsPerClass = rowsPerDate > 0
                    ? (int) Math.round(rowsPerDate * (d == 0 ? 1.0 : 1 - earlierShare) / classesPerDate)
                    : Integer.MAX_VALUE;
            for (int c = earlierClasses; c < earlierClasses + classesPerDate; c++) {
                rows.addAll(take(byClass.get(c), next, c, newRowsPerClass));
            }
            if (d > 0 && earlierShare > 0) {
                int earlierRows = rowsPerDate > 0
                        ? rowsPerDate - rows.size()
                        : (int) Math.round(rows.size() * earlierShare / (1 - earlierShare));
                for (int k = 0; k < earlierRows; k++) {
                    int c = random.nextInt(earlierClasses);
                    rows.addAll(take(byClass.get(c), next, c, 1));
                }
            }
            java.util.Collections.shuffle(rows, random);
            result.add(rows);
        }
        return result;
    }

    private static List<Integer> take(List<Integer> pool, int[] next, int c, int n) {
        int from = next[c];
        int to = (int) Math.min(pool.size(), (long) from + n);
        next[c] = to;
        return pool.subList(from, to);
    }
}
