package ai.continual.tools.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.Pointer;

/**
 * Peak memory of this JVM while a benchmark phase runs, sampled every 50 ms: heap used (the JVM pools' own
 * peaks), the process's resident set (RSS), and RSS minus committed heap: the memory outside the heap
 * (ND4J's native buffers, BLAS, metaspace, thread stacks) that an executor's memory overhead must cover.
 */
final class MemoryProbe {

    private final AtomicLong peakNonHeap = new AtomicLong();
    private final AtomicLong peakRss = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    private MemoryProbe() {
        sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory-probe");
        sampler.setDaemon(true);
    }

    static MemoryProbe start() {
        MemoryProbe probe = new MemoryProbe();
        probe.sampler.start();
        return probe;
    }

    private void sample() {
        long rss = Pointer.physicalBytes();
        long heapCommitted = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
        peakNonHeap.accumulateAndGet(rss - heapCommitted, Math::max);
        peakRss.accumulateAndGet(rss, Math::max);
    }

    /** Starts a new phase: peaks restart from the current values. */
    void reset() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        peakNonHeap.set(0);
        peakRss.set(0);
        sample();
    }

    Peaks snapshot() {
        sample();
        long heap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heap += pool.getPeakUsage().getUsed();
            }
        }
        return new Peaks(heap >> 20, peakNonHeap.get() >> 20, peakRss.get() >> 20);
    }

    void stop() {
        running = false;
        sampler.interrupt();
    }

    /** Peaks in MiB. */
    record Peaks(long heapMiB, long nonHeapMiB, long rssMiB) {}
}
