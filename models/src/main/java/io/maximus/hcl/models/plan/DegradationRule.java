package io.maximus.hcl.models.plan;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.core.ServiceWindow;
import io.maximus.hcl.models.degradation.Degradation;
import io.maximus.hcl.models.degradation.DegradationDetector;
import io.maximus.hcl.models.degradation.L2Cost;
import io.maximus.hcl.models.degradation.LatencyWindow;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Latency degradation as a plan: each service window's mean p99 latency goes into the service's latency window; PELT
 * (the {@link DegradationDetector}) looks for a change after which latency is more than 20% higher, and a new one
 * becomes a {@code notify} plan naming the service, the size of the rise and when it began. Each change is reported
 * once.
 */
public final class DegradationRule implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Rule id. */
    public static final String ID = "latency-degradation";

    /** The per-service state: the latency window and the start of the last change reported; a Flink POJO. */
    public static class State implements Serializable {
        private static final long serialVersionUID = 1L;
        /** Mean p99 latency of the most recent windows. */
        public LatencyWindow latency;
        /** Event time the last reported change began, epoch ms; 0 when none. */
        public long lastReportedChange;
        /** Event time of the change found at the previous window, not yet reported; 0 when none. */
        public long candidateChange;

        /** A fresh state. */
        public State() {}
    }

    private final String metric;
    private final int capacity;
    private final int maxAge;
    private final int minSegment;
    private transient DegradationDetector detector;

    /**
     * A rule on {@code metric} (e.g. {@code latency_p99}) over the last {@code capacity} windows, reporting a change
     * only while it is at most {@code maxAge} windows old (older ones were reported already or predate the state);
     * a segment is at least {@code minSegment} windows long.
     */
    public DegradationRule(String metric, int capacity, int maxAge, int minSegment) {
        this.metric = metric;
        this.capacity = capacity;
        this.maxAge = maxAge;
        this.minSegment = minSegment;
    }

    /**
     * The defaults: p99 latency, one hour of 1-minute windows, changes up to 15 windows old, segments of at least 8
     * windows, and the L2 cost: on window means (already averages of many samples) it places a step exactly and
     * finds it once 8 windows follow it, where the RBF cost needed about 14 on the same data.
     */
    public static DegradationRule defaults() {
        return new DegradationRule("latency_p99", 60, 15, 8);
    }

    /** Folds a window in and returns a plan when it reveals a new degradation. */
    public Optional<ActionPlan> onWindow(State state, ServiceWindow w) {
        double v = w.meanOf(metric);
        if (Double.isNaN(v)) {
            return Optional.empty();
        }
        if (state.latency == null) {
            state.latency = new LatencyWindow(capacity);
        }
        state.latency.add(v);
        if (detector == null) {
            // Not serializable (it holds a cost factory): made again after the rule is shipped to a task.
            detector = new DegradationDetector(L2Cost::new, 3.0, minSegment, 0.20);
        }
        Optional<Degradation> found = detector.detect(state.latency.toArray());
        if (found.isEmpty() || found.get().pointsSinceChange() > maxAge) {
            state.candidateChange = 0;
            return Optional.empty();
        }
        Degradation d = found.get();
        long windowMs = w.windowEnd() - w.windowStart();
        long changeAt = w.windowEnd() - d.pointsSinceChange() * windowMs;
        // A change is reported once it is found at the same place two windows running: while few points follow a
        // step, the minimum segment length can place it early, mixing points from before and after it.
        boolean confirmed = state.candidateChange == changeAt;
        state.candidateChange = changeAt;
        if (!confirmed || Math.abs(changeAt - state.lastReportedChange) <= 3 * windowMs) {
            return Optional.empty();
        }
        state.lastReportedChange = changeAt;
        String trigger = String.format(
                Locale.ROOT,
                "%s of service %s rose %.0f%% (mean %.1f -> %.1f) from %s: a degradation found by PELT change-point "
                        + "detection",
                metric,
                w.service(),
                100 * d.severity(),
                d.meanBefore(),
                d.meanAfter(),
                Instant.ofEpochMilli(changeAt));
        Action notify = new Action(
                ActionType.NOTIFY,
                w.service(),
                Map.of(
                        "severity",
                        Math.round(d.severity() * 1000) / 1000.0,
                        "metric",
                        metric,
                        "change_at",
                        Instant.ofEpochMilli(changeAt).toString(),
                        "message",
                        trigger));
        return Optional.of(new ActionPlan(
                Scope.service(w.service()),
                w.windowEnd() - 1,
                ID,
                trigger,
                w.mode(),
                List.of(notify),
                4,
                false,
                ID + ":" + w.service() + ":" + changeAt,
                new TreeMap<>(w.mean())));
    }
}
