package ai.continual.job;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Wall time per named phase of a run, in the order the phases ran. */
final class PhaseTimer {
    private final Map<String, Long> durations = new LinkedHashMap<>();

    <T> T time(String phase, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            durations.merge(phase, (System.nanoTime() - start) / 1_000_000, Long::sum);
        }
    }

    Map<String, Long> durationsMs() {
        return durations;
    }
}
