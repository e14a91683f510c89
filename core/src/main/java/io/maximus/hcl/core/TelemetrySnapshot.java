package io.maximus.hcl.core;

import java.util.Map;

/**
 * One host's metrics at one instant: the validated form of a record on {@code system.telemetry.raw}.
 *
 * @param timestamp event time, epoch milliseconds
 * @param host the host that reported (never empty)
 * @param service the service the host belongs to ({@code default} when the record names none)
 * @param metrics metric name to finite value
 * @param labels free-form labels, possibly empty
 */
public record TelemetrySnapshot(
        long timestamp, String host, String service, Map<String, Double> metrics, Map<String, String> labels) {

    /** The value of a metric, or {@code fallback} when the snapshot lacks it. */
    public double metric(String name, double fallback) {
        Double v = metrics.get(name);
        return v == null ? fallback : v;
    }

    /** The scope of this snapshot: its service and host. */
    public Scope scope() {
        return new Scope(service, host);
    }
}
