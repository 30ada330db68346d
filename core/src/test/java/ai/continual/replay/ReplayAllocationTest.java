package ai.continual.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayAllocationTest {

    @Test
    void equalSharesWhenEveryClassHasEnough() {
        assertThat(ReplayAllocation.classBalanced(Map.of(0, 100L, 1, 500L, 2, 90L), 90))
                .containsExactlyInAnyOrderEntriesOf(Map.of(0, 30L, 1, 30L, 2, 30L));
    }

    @Test
    void smallClassGivesAllItHasAndTheRestIsSharedByTheOthers() {
        assertThat(ReplayAllocation.classBalanced(Map.of(0, 5L, 1, 500L, 2, 500L), 95))
                .containsExactlyInAnyOrderEntriesOf(Map.of(0, 5L, 1, 45L, 2, 45L));
    }

    @Test
    void neverMoreThanAvailable() {
        assertThat(ReplayAllocation.classBalanced(Map.of(0, 3L, 1, 4L), 1000))
                .containsExactlyInAnyOrderEntriesOf(Map.of(0, 3L, 1, 4L));
        assertThat(ReplayAllocation.classBalanced(Map.of(0, 3L, 1, 4L), 0))
                .containsExactlyInAnyOrderEntriesOf(Map.of(0, 0L, 1, 0L));
    }

    @Test
    void totalIsExactWhenNotDivisible() {
        Map<Integer, Long> q = ReplayAllocation.classBalanced(Map.of(0, 100L, 1, 100L, 2, 100L), 100);
        assertThat(q.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(100);
        assertThat(q.values()).allSatisfy(v -> assertThat(v).isBetween(33L, 34L));
    }
}
