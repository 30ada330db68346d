package ai.continual.job.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@link LowestPriorities}' result bytes, which the driver reads back under spark-submit's class loaders. */
class LowestPrioritiesTest {

    @Test
    void theBytesGiveBackTheCountsCutsAndTies() {
        LowestPriorities written = new LowestPriorities(3);
        long[] priorities = {40, 10, 30, 20, 50, 10, 70};
        for (long priority : priorities) {
            written.add("a", priority);
        }
        written.add("b", 5);
        written.add("b", 5);

        LowestPriorities read = LowestPriorities.fromBytes(written.toBytes());

        assertThat(read.counts()).isEqualTo(Map.of("a", 7L, "b", 2L));
        assertThat(read.threshold("a", 3)).isEqualTo(OptionalLong.of(20));
        assertThat(read.cutIsExact("a", 3)).isTrue();
        assertThat(read.cutIsExact("a", 1)).as("10 twice: a tie at the first cut").isFalse();
        assertThat(read.cutIsExact("b", 1)).isFalse();
        assertThat(read.threshold("a", 5)).as("beyond the bound kept").isEmpty();
        // still a working buffer: merging more rows in moves the cut
        LowestPriorities more = new LowestPriorities(3);
        more.add("a", 1);
        assertThat(read.merge(more).threshold("a", 3)).isEqualTo(OptionalLong.of(10));
        assertThat(read.counts()).containsEntry("a", 8L);
    }

    @Test
    void aGroupGrowsAsItsRowsComeAndKeepsItsLowestPriorities() {
        LowestPriorities lowest = new LowestPriorities(100);
        java.util.Random random = new java.util.Random(3);
        long[] all = new long[5000];
        for (int i = 0; i < all.length; i++) {
            all[i] = random.nextLong();
            lowest.add("many", all[i]);
        }
        lowest.add("one", 9);
        java.util.Arrays.sort(all);

        assertThat(lowest.sortedLowest("many")).as("the bound lowest and the next")
                .containsExactly(java.util.Arrays.copyOf(all, 101));
        assertThat(lowest.sortedLowest("one")).containsExactly(9L);
        assertThat(lowest.sortedLowest("none")).isEmpty();
        assertThat(lowest.threshold("many", 100)).isEqualTo(OptionalLong.of(all[99]));
    }
}
