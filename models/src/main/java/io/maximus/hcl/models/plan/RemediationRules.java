package io.maximus.hcl.models.plan;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.core.ServiceWindow;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The skeleton's remediation rules: the conditions the CEP stage matches on service windows, and the plans a match
 * produces. Conditions and plans are plain functions here so they are tested without Flink.
 */
public final class RemediationRules implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Rule id: sustained high CPU scales the service up. */
    public static final String CPU_SUSTAINED = "cpu-sustained-high";
    /** Rule id: queries running too long are killed. */
    public static final String SLOW_QUERIES = "slow-queries";
    /** Rule id: a cache near its memory limit with a falling hit rate is flushed of the configured keys. */
    public static final String CACHE_PRESSURE = "cache-pressure";
    /** Rule id: rising error rate restarts the service. */
    public static final String ERRORS_RISING = "error-rate-rising";

    /**
     * Tuning of the rules.
     *
     * @param cpuHigh mean cpu_usage (%) above which a window counts as hot
     * @param cpuWindows consecutive hot windows that trigger a scale-up (with 1-minute windows: minutes)
     * @param scaleStep replicas to add
     * @param errorWindows consecutive windows over which the error rate must rise
     * @param errorStepRatio each window's error rate must be at least this multiple of the previous one
     * @param errorFloor the last window's error rate must be at least this (errors/s), so noise on a quiet
     *     service never matches
     * @param slowQueryMs mean {@code query_latency} (ms: the age of the oldest running query or transaction, e.g.
     *     from the PostgreSQL exporter) above which a window counts as slow
     * @param slowQueryWindows consecutive slow windows that kill the queries running longer than {@code slowQueryMs}
     * @param cacheMemoryHigh mean {@code redis_memory_usage} (% of maxmemory) at or above which a cache is full
     * @param cacheHitLow mean {@code cache_hit_rate} (%) below which a full cache's window counts as under pressure
     * @param cacheWindows consecutive pressure windows that flush the cache's configured keys
     */
    public record Config(
            double cpuHigh,
            int cpuWindows,
            int scaleStep,
            int errorWindows,
            double errorStepRatio,
            double errorFloor,
            double slowQueryMs,
            int slowQueryWindows,
            double cacheMemoryHigh,
            double cacheHitLow,
            int cacheWindows)
            implements Serializable {

        /** The CPU, error and slow-query rules with the default cache rule (90% full, hit rate under 80%, 3 windows). */
        public Config(
                double cpuHigh,
                int cpuWindows,
                int scaleStep,
                int errorWindows,
                double errorStepRatio,
                double errorFloor,
                double slowQueryMs,
                int slowQueryWindows) {
            this(
                    cpuHigh,
                    cpuWindows,
                    scaleStep,
                    errorWindows,
                    errorStepRatio,
                    errorFloor,
                    slowQueryMs,
                    slowQueryWindows,
                    90,
                    80,
                    3);
        }

        /** The CPU and error rules with the default slow-query rule (queries older than 5 minutes, 3 windows). */
        public Config(
                double cpuHigh,
                int cpuWindows,
                int scaleStep,
                int errorWindows,
                double errorStepRatio,
                double errorFloor) {
            this(cpuHigh, cpuWindows, scaleStep, errorWindows, errorStepRatio, errorFloor, 300_000, 3);
        }

        /**
         * Defaults: 80% CPU for 5 windows; error rate up 20% per window for 3 windows, ending at 1 error/s or more;
         * queries running longer than 5 minutes for 3 windows; a cache 90% full with a hit rate under 80% for 3 windows.
         */
        public static Config defaults() {
            return new Config(80, 5, 1, 3, 1.2, 1.0, 300_000, 3, 90, 80, 3);
        }
    }

    private final Config config;

    /** Rules with the given tuning. */
    public RemediationRules(Config config) {
        this.config = config;
    }

    /** The tuning. */
    public Config config() {
        return config;
    }

    /** Whether a window's mean CPU is above the high mark. */
    public boolean cpuHot(ServiceWindow w) {
        return w.meanOf("cpu_usage") > config.cpuHigh();
    }

    /** Whether a window's mean query_latency (the oldest running query's age, ms) is above the slow mark. */
    public boolean queriesSlow(ServiceWindow w) {
        double q = w.meanOf("query_latency");
        return !Double.isNaN(q) && q > config.slowQueryMs();
    }

    /** Whether a cache window is under pressure: memory at or above the high mark and the hit rate below the low one. */
    public boolean cachePressed(ServiceWindow w) {
        double mem = w.meanOf("redis_memory_usage");
        double hit = w.meanOf("cache_hit_rate");
        return !Double.isNaN(mem)
                && !Double.isNaN(hit)
                && mem >= config.cacheMemoryHigh()
                && hit < config.cacheHitLow();
    }

    /** Whether {@code next}'s error rate rose enough over {@code previous}'s to continue a rising run. */
    public boolean errorRoseFrom(ServiceWindow previous, ServiceWindow next) {
        double a = previous.meanOf("error_rate");
        double b = next.meanOf("error_rate");
        return !Double.isNaN(a) && !Double.isNaN(b) && b > 0 && b >= a * config.errorStepRatio() && b > a;
    }

    /** Whether a window may end a rising run: its error rate is at or above the floor. */
    public boolean errorAboveFloor(ServiceWindow w) {
        return w.meanOf("error_rate") >= config.errorFloor();
    }

    /** The scale-up plan for a run of hot windows (oldest first). */
    public ActionPlan scaleUp(List<ServiceWindow> run) {
        ServiceWindow first = run.get(0);
        ServiceWindow last = run.get(run.size() - 1);
        double avg =
                run.stream().mapToDouble(w -> w.meanOf("cpu_usage")).average().orElse(Double.NaN);
        String trigger = String.format(
                Locale.ROOT,
                "cpu_usage above %.0f%% on service %s for %s (mean %.1f%%, last window %.1f%% over %d hosts)",
                config.cpuHigh(),
                first.service(),
                span(first, last),
                avg,
                last.meanOf("cpu_usage"),
                last.hosts());
        Action action = new Action(
                ActionType.SCALE_DEPLOYMENT,
                first.service(),
                Map.of("replicas_delta", config.scaleStep(), "reason", CPU_SUSTAINED));
        return plan(CPU_SUSTAINED, first, last, trigger, action, 5);
    }

    /**
     * The plan for a run of windows whose queries run too long (oldest first): kill the queries of the service's
     * database running longer than the slow mark. Which database and whose queries may be killed is the PostgreSQL
     * actuator's configuration (its target map and {@code HCL_PG_KILL_USERS}), never the telemetry's.
     */
    public ActionPlan killSlowQueries(List<ServiceWindow> run) {
        ServiceWindow first = run.get(0);
        ServiceWindow last = run.get(run.size() - 1);
        double thresholdS = Math.max(0.1, config.slowQueryMs() / 1000.0);
        String trigger = String.format(
                Locale.ROOT,
                "query_latency above %.0f ms on service %s for %s (last window %.0f ms): queries pile up",
                config.slowQueryMs(),
                first.service(),
                span(first, last),
                last.meanOf("query_latency"));
        Action action = new Action(
                ActionType.KILL_SLOW_QUERIES,
                first.service(),
                Map.of("threshold_seconds", thresholdS, "reason", SLOW_QUERIES));
        return plan(SLOW_QUERIES, first, last, trigger, action, 6);
    }

    /**
     * The plan for a run of cache-pressure windows (oldest first): flush the cache's configured keys. The action's
     * target is the service; which keys (a pattern such as {@code batch:*}) is the Redis actuator's target map
     * ({@code HCL_TARGETS_REDIS}), never the telemetry's.
     */
    public ActionPlan flushCache(List<ServiceWindow> run) {
        ServiceWindow first = run.get(0);
        ServiceWindow last = run.get(run.size() - 1);
        String trigger = String.format(
                Locale.ROOT,
                "cache %s at %.0f%% of maxmemory (>= %.0f%%) with hit rate %.1f%% (< %.0f%%) for %s",
                first.service(),
                last.meanOf("redis_memory_usage"),
                config.cacheMemoryHigh(),
                last.meanOf("cache_hit_rate"),
                config.cacheHitLow(),
                span(first, last));
        Action action = new Action(ActionType.FLUSH_CACHE, first.service(), Map.of("reason", CACHE_PRESSURE));
        return plan(CACHE_PRESSURE, first, last, trigger, action, 6);
    }

    /** The restart plan for a run of windows with a rising error rate (oldest first). */
    public ActionPlan restart(List<ServiceWindow> run) {
        ServiceWindow first = run.get(0);
        ServiceWindow last = run.get(run.size() - 1);
        StringBuilder rates = new StringBuilder();
        for (ServiceWindow w : run) {
            rates.append(rates.length() == 0 ? "" : " -> ")
                    .append(String.format(Locale.ROOT, "%.2f", w.meanOf("error_rate")));
        }
        String trigger = String.format(
                Locale.ROOT,
                "error_rate rising over %d consecutive windows on service %s (%s errors/s)",
                run.size(),
                first.service(),
                rates);
        Action action = new Action(ActionType.RESTART, first.service(), Map.of("strategy", "rolling"));
        return plan(ERRORS_RISING, first, last, trigger, action, 7);
    }

    private ActionPlan plan(
            String rule, ServiceWindow first, ServiceWindow last, String trigger, Action action, int priority) {
        String key = rule + ":" + first.service() + ":" + first.windowStart() + ":" + last.windowEnd();
        return new ActionPlan(
                Scope.service(first.service()),
                last.windowEnd() - 1,
                rule,
                trigger,
                last.mode(),
                List.of(action),
                priority,
                false,
                key,
                new TreeMap<>(last.mean()));
    }

    /** The time a run covers in words: {@code 5 minutes}, {@code 30 seconds}. */
    static String span(ServiceWindow first, ServiceWindow last) {
        long ms = last.windowEnd() - first.windowStart();
        if (ms % 60_000 == 0) {
            long m = ms / 60_000;
            return m + (m == 1 ? " minute" : " minutes");
        }
        return Math.round(ms / 1000.0) + " seconds";
    }
}
