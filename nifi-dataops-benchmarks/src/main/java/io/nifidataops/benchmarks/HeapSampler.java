package io.nifidataops.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Used heap right after a full GC: what is still reachable. The peak over all samples is the live set a path keeps. */
public final class HeapSampler {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private long peak;
    private int samples;

    public void sample() {
        System.gc();
        peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
        samples++;
    }

    public long peak() {
        return peak;
    }

    public int samples() {
        return samples;
    }
}
