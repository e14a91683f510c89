package io.maximus.hcl.core;

import java.util.Set;

/**
 * The value range a metric must respect, chosen by its name (limits from {@link InputBounds}).
 *
 * <ul>
 *   <li>{@link #PERCENT}: 0..100 give or take {@link InputBounds#percentTolerance()}: the percentages of the input
 *       contract and of the collector ({@code cpu_usage}, {@code memory_usage}, {@code swap_usage}, {@code gpu_usage},
 *       {@code disk_io_wait}, {@code cpu_user}, {@code cpu_system}, {@code cpu_steal}, {@code cache_hit_rate},
 *       {@code filesystem_usage}, {@code file_descriptors_usage}, {@code conntrack_usage},
 *       {@code bandwidth_saturation}) and any name ending in {@code _percent} or {@code _pct}.</li>
 *   <li>{@link #NON_NEGATIVE}: 0..{@link InputBounds#maxAbsValue()}: counts, rates, latencies, durations and sizes:
 *       names containing {@code latency}, {@code response_time}, {@code _bytes}, {@code _per_s}, or ending in
 *       {@code _total} or {@code _count} (Prometheus counters), and {@code error_rate}, {@code throughput}, {@code request_queue}, {@code database_connections}, {@code processes},
 *       {@code threads}, {@code packet_loss}, {@code load_1/5/15}, the collector's {@code processes_*} and
 *       {@code tcp_sockets_in_use}, {@code cpu_pressure}, {@code memory_pressure}, {@code io_pressure},
 *       {@code disk_io_utilization} (rate-derived percentages, which may pass 100 by scrape jitter),
 *       {@code uptime_seconds}, {@code cpu_count}. Names ending in {@code _seconds} or {@code _rate} are not assumed
 *       non-negative (a clock offset, a growth rate).</li>
 *   <li>{@link #ANY}: everything else, ±{@link InputBounds#maxAbsValue()}.</li>
 * </ul>
 */
public enum MetricFamily {
    /** A percentage. */
    PERCENT,
    /** A count, rate, latency, duration or size. */
    NON_NEGATIVE,
    /** Any finite value within the absolute bound. */
    ANY;

    private static final Set<String> PERCENTS = Set.of(
            "cpu_usage",
            "memory_usage",
            "swap_usage",
            "gpu_usage",
            "disk_io_wait",
            "cpu_user",
            "cpu_system",
            "cpu_steal",
            "cache_hit_rate",
            "filesystem_usage",
            "file_descriptors_usage",
            "conntrack_usage",
            "bandwidth_saturation");

    private static final Set<String> NON_NEGATIVES = Set.of(
            "throughput",
            "request_queue",
            "database_connections",
            "processes",
            "threads",
            "packet_loss",
            "load_1",
            "load_5",
            "load_15",
            "processes_running",
            "processes_blocked",
            "tcp_sockets_in_use",
            "cpu_pressure",
            "memory_pressure",
            "io_pressure",
            "disk_io_utilization",
            "cpu_count",
            "uptime_seconds",
            "error_rate");

    /** The family of the metric called {@code name}. */
    public static MetricFamily of(String name) {
        if (PERCENTS.contains(name) || name.endsWith("_percent") || name.endsWith("_pct")) {
            return PERCENT;
        }
        if (NON_NEGATIVES.contains(name)
                || name.contains("latency")
                || name.contains("response_time")
                || name.contains("_bytes")
                || name.contains("_per_s")
                || name.endsWith("_total")
                || name.endsWith("_count")) {
            return NON_NEGATIVE;
        }
        return ANY;
    }

    /** Whether {@code v} is acceptable for this family under {@code bounds} (always false for NaN or infinities). */
    public boolean accepts(double v, InputBounds bounds) {
        if (!Double.isFinite(v)) {
            return false;
        }
        double max = bounds.maxAbsValue();
        return switch (this) {
            case PERCENT -> v >= -bounds.percentTolerance() && v <= 100 + bounds.percentTolerance();
            case NON_NEGATIVE -> v >= 0 && v <= max;
            case ANY -> v >= -max && v <= max;
        };
    }

    /** The accepted range in words, for a dead letter's reason. */
    public String range(InputBounds bounds) {
        return switch (this) {
            case PERCENT -> "a percentage within 0..100 (±" + bounds.percentTolerance() + ")";
            case NON_NEGATIVE -> "within 0.." + bounds.maxAbsValue();
            case ANY -> "within ±" + bounds.maxAbsValue();
        };
    }
}
