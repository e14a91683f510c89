package io.maximus.hcl.models.forecast;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.LongAdder;

/**
 * JVM-wide totals of the CPU time spent refitting forecasters (SARIMA fits and the selector's candidates), for
 * benchmarks ({@code hcl bench pipeline} reads them around a run); the thread CPU time of each refit.
 */
public final class RefitCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final LongAdder NANOS = new LongAdder();
    private static final LongAdder REFITS = new LongAdder();

    private RefitCpu() {}

    /** The calling thread's CPU time in nanoseconds (0 where the JVM does not measure it). */
    public static long threadNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    /** Adds one refit that started at {@code startThreadNanos} (a {@link #threadNanos()} of the same thread). */
    public static void record(long startThreadNanos) {
        NANOS.add(Math.max(0, threadNanos() - startThreadNanos));
        REFITS.increment();
    }

    /** CPU nanoseconds of every refit so far. */
    public static long totalNanos() {
        return NANOS.sum();
    }

    /** Refits so far. */
    public static long refits() {
        return REFITS.sum();
    }
}
