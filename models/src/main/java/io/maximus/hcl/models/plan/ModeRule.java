package io.maximus.hcl.models.plan;

import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.ServiceWindow;
import java.io.Serializable;

/**
 * The skeleton's operational-mode rule, a crisp stand-in for the fuzzy controller: high load, alerts or SLA risk
 * call for HIGH_PERFORMANCE; a quiet, healthy service may run ENERGY_EFFICIENT; anything else is BALANCED.
 */
public final class ModeRule implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Thresholds of the rule.
     *
     * @param highCpu mean cpu_usage (%) at or above which load is high
     * @param lowCpu mean cpu_usage (%) below which load is low
     * @param latencySla latency_p99 (ms) at or above which the SLA is at risk
     * @param highErrorRate error_rate at or above which the service is alerting
     */
    public record Thresholds(double highCpu, double lowCpu, double latencySla, double highErrorRate)
            implements Serializable {
        /** The defaults: 75% / 25% CPU, 500 ms p99, 1 error/s. */
        public static Thresholds defaults() {
            return new Thresholds(75, 25, 500, 1.0);
        }
    }

    private final Thresholds t;

    /** A rule with the given thresholds. */
    public ModeRule(Thresholds thresholds) {
        this.t = thresholds;
    }

    /** The thresholds. */
    public Thresholds thresholds() {
        return t;
    }

    /** The mode for a service window; metrics the window lacks count as calm. */
    public OperationalMode decide(ServiceWindow w) {
        double cpu = w.meanOf("cpu_usage");
        double latency = w.meanOf("latency_p99");
        double errors = w.meanOf("error_rate");
        boolean alerting = !w.anomalousHosts().isEmpty() || atLeast(errors, t.highErrorRate());
        if (atLeast(cpu, t.highCpu()) || atLeast(latency, t.latencySla()) || alerting) {
            return OperationalMode.HIGH_PERFORMANCE;
        }
        if (!Double.isNaN(cpu) && cpu < t.lowCpu()) {
            return OperationalMode.ENERGY_EFFICIENT;
        }
        return OperationalMode.BALANCED;
    }

    private static boolean atLeast(double value, double threshold) {
        return !Double.isNaN(value) && value >= threshold;
    }
}
