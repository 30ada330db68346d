package ai.continual.tools.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Classes arrive over the dates as the split promises, without a row used twice. */
class ClassIncrementalSplitTest {

    /** 10 classes of 100 rows each, labels 0..9 in turn. */
    static final int[] LABELS = java.util.stream.IntStream.range(0, 1000).map(i -> i % 10).toArray();

    @Test
    void eachDateBringsItsNewClassesAndAShareOfEarlierOnes() {
        List<List<Integer>> dates = ClassIncrementalSplit.split(LABELS, 5, 2, 50, 0.2, 7);
        assertThat(dates).hasSize(5);
        Set<Integer> used = new HashSet<>();
        for (int d = 0; d < dates.size(); d++) {
            List<Integer> rows = dates.get(d);
            assertThat(rows).as("date %d", d).hasSize(50);
            assertThat(used.addAll(rows)).as("date %d reuses no row", d).isTrue();
            assertThat(new HashSet<>(rows)).hasSameSizeAs(rows);
            int first = 2 * d;
            long fresh = rows.stream().filter(i -> LABELS[i] == first || LABELS[i] == first + 1).count();
            long earlier = rows.stream().filter(i -> LABELS[i] < first).count();
            assertThat(fresh + earlier).as("date %d has no class of a later date", d).isEqualTo(50);
            assertThat(earlier).as("date %d earlier rows", d).isEqualTo(d == 0 ? 0 : 10);
        }
    }

    @Test
    void zeroRowsPerDateTakesEveryRowOfTheNewClasses() {
        List<List<Integer>> dates = ClassIncrementalSplit.split(LABELS, 5, 2, 0, 0, 7);
        for (int d = 0; d < 5; d++) {
            int first = 2 * d;
            assertThat(dates.get(d)).hasSize(200)
                    .allSatisfy(i -> assertThat(LABELS[i]).isBetween(first, first + 1));
        }
    }
}
