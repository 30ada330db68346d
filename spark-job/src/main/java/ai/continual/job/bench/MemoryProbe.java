package ai.continual.job.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.memory.AllocationsTracker;

/**
 * Peak memory of this JVM while a benchmark phase runs: heap (the JVM pools' own peaks), ND4J's
 * off-heap buffers (ND4J's allocation tracker, or JavaCPP's tracked bytes if larger) and the process's resident set, sampled every 50 ms.
 */
final class MemoryProbe {

    private final AtomicLong peakOffHeap = new AtomicLong();
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
        peakOffHeap.accumulateAndGet(Math.max(Pointer.totalBytes(),
                AllocationsTracker.getInstance().bytesOnDevice(0)), Math::max);
        peakRss.accumulateAndGet(Pointer.physicalBytes(), Math::max);
    }

    /** Starts a new phase: peaks restart from the current values. */
    void reset() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        peakOffHeap.set(0);
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
        return new Peaks(heap >> 20, peakOffHeap.get() >> 20, peakRss.get() >> 20);
    }

    void stop() {
        running = false;
        sampler.interrupt();
    }

    /** Peaks in MiB. */
    record Peaks(long heapMiB, long offHeapMiB, long rssMiB) {}
}
