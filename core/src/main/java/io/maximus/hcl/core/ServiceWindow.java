package io.maximus.hcl.core;

import java.util.List;
import java.util.Map;

/**
 * One service's telemetry over one event-time window, summarized: the unit the plan stage's patterns match on.
 *
 * @param service the service
 * @param windowStart window start, epoch milliseconds (inclusive)
 * @param windowEnd window end, epoch milliseconds (exclusive)
 * @param hosts how many distinct hosts reported in the window
 * @param samples how many snapshots the window holds
 * @param mean per-metric mean over all snapshots of all hosts
 * @param max per-metric maximum
 * @param maxAnomalyScore the highest anomaly score of any snapshot in the window
 * @param anomalousHosts hosts with at least one anomalous snapshot, sorted
 * @param mode the operational mode the mode rule chose for this window
 */
public record ServiceWindow(
        String service,
        long windowStart,
        long windowEnd,
        int hosts,
        long samples,
        Map<String, Double> mean,
        Map<String, Double> max,
        double maxAnomalyScore,
        List<String> anomalousHosts,
        OperationalMode mode) {

    public ServiceWindow {
        mean = Map.copyOf(mean);
        max = Map.copyOf(max);
        anomalousHosts = List.copyOf(anomalousHosts);
    }

    /** The window mean of a metric, or NaN when no snapshot in the window had it. */
    public double meanOf(String metric) {
        Double v = mean.get(metric);
        return v == null ? Double.NaN : v;
    }

    /** A copy of this window with another mode. */
    public ServiceWindow withMode(OperationalMode newMode) {
        return new ServiceWindow(
                service, windowStart, windowEnd, hosts, samples, mean, max, maxAnomalyScore, anomalousHosts, newMode);
    }
}
