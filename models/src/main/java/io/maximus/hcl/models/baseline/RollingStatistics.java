package io.maximus.hcl.models.baseline;

import java.util.HashMap;
import java.util.Map;

/** Per-metric rolling statistics of one key (a service's host); the state the baseline detector keeps per key. */
public class RollingStatistics {
    /** Metric name to its statistics. Public for Flink's POJO serializer. */
    public Map<String, MetricStats> metrics = new HashMap<>();
    /** Snapshots folded in. */
    public long snapshots;

    /** Empty statistics. */
    public RollingStatistics() {}

    /** The statistics of one metric, or null when it was never seen. */
    public MetricStats get(String metric) {
        return metrics.get(metric);
    }

    /** The statistics of one metric, created on first use. */
    MetricStats getOrCreate(String metric) {
        return metrics.computeIfAbsent(metric, k -> new MetricStats());
    }
}
