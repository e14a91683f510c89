package io.maximus.hcl.models.plan;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Rule {@code slow-upstream}, per service: one host's {@code latency_p99} far above its peers' (above
 * {@code slowMs} and {@code ratio} × the median of the other hosts seen in the last {@code staleMs}), or its
 * {@code error_ratio} (% of answers that are 5xx) far above theirs (at least {@code errorPct} and {@code ratio} × their
 * median: a fast-failing instance, which latency alone never shows), in {@code snapshots} consecutive snapshots takes
 * that host out of the service's load balancer: {@code circuit_breaker}
 * {@code open} on the service (the nginx actuator's target map names its upstream; the actuator refuses a server that
 * is not in it, and the last live one). A host it acted on is not acted on again until it has been fine once.
 */
public final class SlowUpstreamRule implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Rule id. */
    public static final String ID = "slow-upstream";

    /**
     * Tuning.
     *
     * @param slowMs a host's latency_p99 (ms) must be above this
     * @param ratio and above this multiple of the median latency_p99 of the other hosts
     * @param snapshots consecutive slow snapshots of the host that open its circuit breaker
     * @param staleMs hosts not heard from for this long are left out of the comparison
     * @param errorPct a host's error_ratio (%) must be at least this (and {@code ratio} × its peers' median) to count
     *     as failing; a service whose hosts all fail alike is not one bad upstream
     */
    public record Config(double slowMs, double ratio, int snapshots, long staleMs, double errorPct)
            implements Serializable {

        /** A configuration with the default error mark (20%). */
        public Config(double slowMs, double ratio, int snapshots, long staleMs) {
            this(slowMs, ratio, snapshots, staleMs, 20);
        }

        /** Defaults: 1 s, 3 × the others, 5 snapshots, hosts heard from in the last 2 minutes, 20% errors. */
        public static Config defaults() {
            return new Config(1000, 3, 5, 120_000, 20);
        }
    }

    /** Per-service state, a Flink POJO: one entry per host, in parallel arrays. */
    public static final class State {
        /** The hosts. */
        public String[] hosts = new String[0];
        /** Each host's last latency_p99, ms. */
        public double[] latency = new double[0];
        /** When each host was last heard from, epoch ms. */
        public long[] seen = new long[0];
        /** Each host's consecutive slow snapshots. */
        public int[] streak = new int[0];
        /** Whether the rule already took the host out (until it is fine again). */
        public boolean[] acted = new boolean[0];
        /**
         * Each host's last error_ratio, % (NaN: not reported). Added after the first release: a state restored from
         * then has none (null) and gets NaN for every host.
         */
        public double[] errors = new double[0];

        int indexOf(String host) {
            if (errors == null || errors.length != hosts.length) {
                int had = errors == null ? 0 : errors.length;
                errors = errors == null ? new double[hosts.length] : Arrays.copyOf(errors, hosts.length);
                Arrays.fill(errors, Math.min(had, hosts.length), hosts.length, Double.NaN);
            }
            for (int i = 0; i < hosts.length; i++) {
                if (hosts[i].equals(host)) {
                    return i;
                }
            }
            int n = hosts.length;
            hosts = Arrays.copyOf(hosts, n + 1);
            latency = Arrays.copyOf(latency, n + 1);
            seen = Arrays.copyOf(seen, n + 1);
            streak = Arrays.copyOf(streak, n + 1);
            acted = Arrays.copyOf(acted, n + 1);
            errors = Arrays.copyOf(errors, n + 1);
            errors[n] = Double.NaN;
            latency[n] = Double.NaN;
            hosts[n] = host;
            return n;
        }
    }

    private final Config config;

    /** The rule with the given tuning. */
    public SlowUpstreamRule(Config config) {
        this.config = config;
    }

    /** The tuning. */
    public Config config() {
        return config;
    }

    /** Takes one snapshot of the service; a plan when the snapshot's host has been slow long enough. */
    public Optional<ActionPlan> onSnapshot(State s, TelemetrySnapshot snap, OperationalMode mode) {
        double p99 = snap.metric("latency_p99", Double.NaN);
        double err = snap.metric("error_ratio", Double.NaN);
        if (Double.isNaN(p99) && Double.isNaN(err)) {
            return Optional.empty();
        }
        int i = s.indexOf(snap.host());
        s.latency[i] = Double.isNaN(p99) ? s.latency[i] : p99;
        s.errors[i] = err;
        s.seen[i] = snap.timestamp();
        double[] others = new double[s.hosts.length];
        double[] otherErrors = new double[s.hosts.length];
        int peers = 0;
        int n = 0;
        int ne = 0;
        for (int j = 0; j < s.hosts.length; j++) {
            if (j != i && snap.timestamp() - s.seen[j] <= config.staleMs()) {
                peers++;
                if (!Double.isNaN(s.latency[j])) {
                    others[n++] = s.latency[j];
                }
                if (!Double.isNaN(s.errors[j])) {
                    otherErrors[ne++] = s.errors[j];
                }
            }
        }
        if (peers == 0) {
            s.streak[i] = 0;
            return Optional.empty();
        }
        double median = n == 0 ? Double.NaN : median(others, n);
        double errMedian = ne == 0 ? Double.NaN : median(otherErrors, ne);
        boolean slow =
                !Double.isNaN(p99) && !Double.isNaN(median) && p99 > config.slowMs() && p99 > config.ratio() * median;
        boolean failing = !Double.isNaN(err)
                && !Double.isNaN(errMedian)
                && err >= config.errorPct()
                && err >= config.ratio() * errMedian;
        if (!slow && !failing) {
            s.streak[i] = 0;
            s.acted[i] = false;
            return Optional.empty();
        }
        s.streak[i]++;
        if (s.acted[i] || s.streak[i] < config.snapshots()) {
            return Optional.empty();
        }
        s.acted[i] = true;
        String trigger = slow
                ? String.format(
                        Locale.ROOT,
                        "latency_p99 of host %s of service %s at %.0f ms, %.1f x the median of its %d peers (%.0f ms), "
                                + "in %d consecutive snapshots",
                        snap.host(),
                        snap.service(),
                        p99,
                        median > 0 ? p99 / median : Double.POSITIVE_INFINITY,
                        n,
                        median,
                        s.streak[i])
                : String.format(
                        Locale.ROOT,
                        "error_ratio of host %s of service %s at %.1f%%, its %d peers' median %.1f%% (latency_p99 "
                                + "%.0f ms, not slow), in %d consecutive snapshots",
                        snap.host(),
                        snap.service(),
                        err,
                        ne,
                        errMedian,
                        p99,
                        s.streak[i]);
        Action action = new Action(
                ActionType.CIRCUIT_BREAKER,
                snap.service(),
                Map.of("server", snap.host(), "state", "open", "reason", ID));
        String key = ID + ":" + snap.service() + ":" + snap.host() + ":" + snap.timestamp();
        return Optional.of(new ActionPlan(
                new Scope(snap.service(), snap.host()),
                snap.timestamp(),
                ID,
                trigger,
                mode,
                List.of(action),
                6,
                false,
                key,
                new TreeMap<>(snap.metrics())));
    }

    private static double median(double[] v, int n) {
        double[] o = Arrays.copyOf(v, n);
        Arrays.sort(o);
        return n % 2 == 1 ? o[n / 2] : (o[n / 2 - 1] + o[n / 2]) / 2;
    }
}
