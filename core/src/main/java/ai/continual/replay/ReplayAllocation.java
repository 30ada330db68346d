package ai.continual.replay;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many replay rows to draw from each class: as equal as the classes' sizes allow. A class with
 * fewer rows than its share gives all it has and the rest is shared among the larger classes
 * (water-filling), so the total equals {@code min(target, available)}.
 */
public final class ReplayAllocation {

    private ReplayAllocation() {}

    /** Quota per class for {@code target} rows, given the rows {@code available} per class. */
    public static Map<Integer, Long> classBalanced(Map<Integer, Long> available, long target) {
        Map<Integer, Long> quotas = new TreeMap<>();
        available.keySet().forEach(c -> quotas.put(c, 0L));
        long remaining = Math.min(target, available.values().stream().mapToLong(Long::longValue).sum());
        while (remaining > 0) {
            long open = available.entrySet().stream().filter(e -> quotas.get(e.getKey()) < e.getValue()).count();
            long share = Math.max(1, remaining / open);
            for (var entry : new TreeMap<>(available).entrySet()) {
                if (remaining == 0) {
                    break;
                }
                long quota = quotas.get(entry.getKey());
                long take = Math.min(Math.min(share, entry.getValue() - quota), remaining);
                if (take > 0) {
                    quotas.put(entry.getKey(), quota + take);
                    remaining -= take;
                }
            }
        }
        return quotas;
    }
}
