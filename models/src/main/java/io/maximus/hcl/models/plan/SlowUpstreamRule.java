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
 * {@code slowMs} and {@code ratio} × the median of the other hosts seen in the last {@code staleMs}) in
 * {@code snapshots} consecutive snapshots takes that host out of the service's load balancer: {@code circuit_breaker}
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
     */
    public record Config(double slowMs, double ratio, int snapshots, long staleMs) implements Serializable {

        /** Defaults: 1 s, 3 × the others, 5 snapshots, hosts heard from in the last 2 minutes. */
        public static Config defaults() {
            return new Config(1000, 3, 5, 120_000);
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

        int indexOf(String host) {
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
        if (Double.isNaN(p99)) {
            return Optional.empty();
        }
        int i = s.indexOf(snap.host());
        s.latency[i] = p99;
        s.seen[i] = snap.timestamp();
        double[] others = new double[s.hosts.length];
        int n = 0;
        for (int j = 0; j < s.hosts.length; j++) {
            if (j != i && snap.timestamp() - s.seen[j] <= config.staleMs()) {
                others[n++] = s.latency[j];
            }
        }
        if (n == 0) {
            s.streak[i] = 0;
            return Optional.empty();
        }
        double[] o = Arrays.copyOf(others, n);
        Arrays.sort(o);
        double median = n % 2 == 1 ? o[n / 2] : (o[n / 2 - 1] + o[n / 2]) / 2;
        boolean slow = p99 > config.slowMs() && p99 > config.ratio() * median;
        if (!slow) {
            s.streak[i] = 0;
            s.acted[i] = false;
            return Optional.empty();
        }
        s.streak[i]++;
        if (s.acted[i] || s.streak[i] < config.snapshots()) {
            return Optional.empty();
        }
        s.acted[i] = true;
        String trigger = String.format(
                Locale.ROOT,
                "latency_p99 of host %s of service %s at %.0f ms, %.1f x the median of its %d peers (%.0f ms), "
                        + "in %d consecutive snapshots",
                snap.host(),
                snap.service(),
                p99,
                median > 0 ? p99 / median : Double.POSITIVE_INFINITY,
                n,
                median,
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
}
