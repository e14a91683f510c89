package io.maximus.hcl.tools.cli;

import io.maximus.hcl.core.TelemetrySnapshot;
import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.functions.FilterFunction;

/**
 * The progress of a replay on standard error: records, event time reached and rate, every few seconds. A replay runs
 * on a local mini cluster in this JVM, so the probe (a filter that drops everything, chained after event time) counts
 * into static counters that a daemon thread reads; one replay at a time per JVM.
 */
final class ReplayProgress implements AutoCloseable {

    private static final LongAdder RECORDS = new LongAdder();
    private static final LongAccumulator EVENT_TIME = new LongAccumulator(Math::max, Long.MIN_VALUE);

    private final Thread thread;
    private volatile boolean done;

    private ReplayProgress(PrintStream err, long everyMs) {
        RECORDS.reset();
        EVENT_TIME.reset();
        thread = new Thread(() -> report(err, everyMs), "hcl-replay-progress");
        thread.setDaemon(true);
    }

    /** Starts printing a progress line to {@code err} every {@code everyMs} milliseconds. */
    static ReplayProgress start(PrintStream err, long everyMs) {
        ReplayProgress p = new ReplayProgress(err, everyMs);
        p.thread.start();
        return p;
    }

    /** The probe to attach to the snapshots: counts them and keeps the latest event time; passes nothing on. */
    static FilterFunction<TelemetrySnapshot> probe() {
        return new Probe();
    }

    /** One progress line: records so far, event time reached, rate over the last interval and overall. */
    static String line(long records, long eventTime, double recentRps, double overallRps) {
        String reached = eventTime == Long.MIN_VALUE
                ? "-"
                : Instant.ofEpochMilli(eventTime).toString();
        return String.format(
                "hcl replay: %d records, event time %s, %.0f records/s (%.0f overall)",
                records, reached, recentRps, overallRps);
    }

    private void report(PrintStream err, long everyMs) {
        long start = System.nanoTime();
        long lastAt = start;
        long last = 0;
        while (!done) {
            try {
                Thread.sleep(everyMs);
            } catch (InterruptedException e) {
                return;
            }
            if (done) {
                return;
            }
            long now = System.nanoTime();
            long n = RECORDS.sum();
            err.println(line(n, EVENT_TIME.get(), (n - last) / ((now - lastAt) / 1e9), n / ((now - start) / 1e9)));
            err.flush();
            last = n;
            lastAt = now;
        }
    }

    @Override
    public void close() {
        done = true;
        thread.interrupt();
    }

    /** Counts into the static counters (the mini cluster runs in this JVM). */
    private static final class Probe implements FilterFunction<TelemetrySnapshot> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(TelemetrySnapshot s) {
            RECORDS.increment();
            EVENT_TIME.accumulate(s.timestamp());
            return false;
        }
    }
}
