package io.maximus.hcl.collector;

import io.maximus.hcl.core.TelemetrySnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded synthetic fleet: services with hosts whose metrics follow an ordinary daily load cycle with noise, and
 * incidents injected on one service at a time. Used to try rules with {@code hcl replay} and to give the demo a fleet.
 */
public final class SyntheticFleet {

    private static final long DAY_MS = 86_400_000L;

    /** The kinds of incident the fleet can inject. */
    public enum IncidentKind {
        /** CPU pinned near 95% on every host of the service. */
        CPU_SPIKE,
        /** Errors growing geometrically, about 1.6x per minute. */
        ERROR_SURGE,
        /** p99 latency steps up by the magnitude (default +45%). */
        LATENCY_STEP,
        /** Memory grows linearly to 100% and the service then fails (errors, latency). */
        MEMORY_LEAK
    }

    /**
     * One injected incident.
     *
     * @param kind what happens
     * @param service the service it hits (all its hosts)
     * @param startMs event time it starts, epoch milliseconds
     * @param durationMs how long it lasts
     * @param magnitude kind-specific size (latency step: relative, e.g. 0.45)
     */
    public record Incident(IncidentKind kind, String service, long startMs, long durationMs, double magnitude) {

        /** Whether the incident is under way at {@code t}. */
        public boolean activeAt(long t) {
            return t >= startMs && t < startMs + durationMs;
        }

        /** Parses {@code kind:service:offset:duration[:magnitude]} with offsets like {@code 2h}, {@code 90m}. */
        public static Incident parse(String spec, long fleetStart) {
            String[] p = spec.split(":");
            if (p.length < 4) {
                throw new IllegalArgumentException("incident must be kind:service:offset:duration[:magnitude]: " + spec);
            }
            IncidentKind kind = IncidentKind.valueOf(p[0].toUpperCase(Locale.ROOT).replace('-', '_'));
            double magnitude = p.length > 4 ? Double.parseDouble(p[4]) : 0.45;
            return new Incident(kind, p[1], fleetStart + Durations.parseMillis(p[2]), Durations.parseMillis(p[3]),
                    magnitude);
        }
    }

    private final List<String> services;
    private final int hostsPerService;
    private final List<Incident> incidents;
    private final long seed;

    /** A fleet of {@code services × hostsPerService} hosts. */
    public SyntheticFleet(List<String> services, int hostsPerService, List<Incident> incidents, long seed) {
        this.services = List.copyOf(services);
        this.hostsPerService = hostsPerService;
        this.incidents = List.copyOf(incidents);
        this.seed = seed;
    }

    /** Service names {@code svc-00 … svc-NN}, or the well-known names for small fleets. */
    public static List<String> serviceNames(int n) {
        String[] known = {"checkout", "payments", "search", "inventory", "auth", "catalog", "shipping", "reviews"};
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(i < known.length ? known[i] : String.format(Locale.ROOT, "svc-%02d", i));
        }
        return names;
    }

    /** The hosts of the fleet, as {@code [service, host]} pairs. */
    public List<String[]> hosts() {
        List<String[]> hosts = new ArrayList<>();
        for (String s : services) {
            for (int h = 0; h < hostsPerService; h++) {
                hosts.add(new String[] {s, s + "-" + (h + 1)});
            }
        }
        return hosts;
    }

    /** Every host's snapshot at event time {@code t}; deterministic in (seed, t, host). */
    public List<TelemetrySnapshot> at(long t) {
        List<TelemetrySnapshot> out = new ArrayList<>();
        for (String[] sh : hosts()) {
            out.add(snapshot(sh[0], sh[1], t));
        }
        return out;
    }

    private TelemetrySnapshot snapshot(String service, String host, long t) {
        SplittableRandom r = new SplittableRandom(seed ^ (host.hashCode() * 0x9E3779B97F4A7C15L) ^ t);
        int serviceIdx = Math.max(0, services.indexOf(service));
        // Ordinary daily cycle: quiet at night, peak mid-afternoon; services differ in size and phase a little.
        double phase = ((t % DAY_MS) / (double) DAY_MS) * 2 * Math.PI;
        double daily = 0.5 - 0.5 * Math.cos(phase - 2 * Math.PI * (2.0 + serviceIdx % 3) / 24);
        double load = 0.25 + 0.6 * daily;
        double cpu = clamp(18 + 45 * load + gauss(r, 2.5), 0, 100);
        double mem = clamp(48 + 10 * load + gauss(r, 1.0), 0, 100);
        double latency = 80 + 60 * load + Math.abs(gauss(r, 6));
        double errors = Math.max(0, 0.05 + 0.1 * load + gauss(r, 0.02));
        double throughput = Math.max(0, 400 * load * (1 + serviceIdx % 4) + gauss(r, 10));
        double queue = Math.max(0, 2 + 8 * load + gauss(r, 1));
        for (Incident inc : incidents) {
            if (!inc.service().equals(service)) {
                continue;
            }
            long since = t - inc.startMs();
            if (inc.activeAt(t)) {
                switch (inc.kind()) {
                    case CPU_SPIKE -> cpu = clamp(94 + gauss(r, 1.5), 0, 100);
                    case ERROR_SURGE -> errors = 0.3 * Math.pow(1.6, since / 60_000.0) + Math.abs(gauss(r, 0.02));
                    case LATENCY_STEP -> latency *= 1 + inc.magnitude();
                    case MEMORY_LEAK -> {
                        double grown = mem + 0.9 * since / 60_000.0;
                        mem = Math.min(100, grown);
                        if (grown >= 100) {
                            errors = 25 + gauss(r, 2);
                            latency *= 6;
                            throughput *= 0.1;
                        }
                    }
                }
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("cpu_usage", round(cpu));
        m.put("memory_usage", round(mem));
        m.put("swap_usage", round(clamp(1 + gauss(r, 0.2), 0, 100)));
        m.put("latency_p99", round(latency));
        m.put("response_time_p50", round(latency * 0.35));
        m.put("response_time_p95", round(latency * 0.8));
        m.put("response_time_p99", round(latency));
        m.put("error_rate", round(errors));
        m.put("throughput", round(throughput));
        m.put("request_queue", round(queue));
        m.put("cache_hit_rate", round(clamp(92 - 4 * load + gauss(r, 0.8), 0, 100)));
        m.put("disk_io_wait", round(clamp(1 + 2 * load + Math.abs(gauss(r, 0.3)), 0, 100)));
        m.put("database_connections", round(clamp(20 + 40 * load + gauss(r, 2), 0, 200)));
        m.put("query_latency", round(4 + 6 * load + Math.abs(gauss(r, 0.5))));
        m.put("bandwidth_saturation", round(clamp(10 + 40 * load + gauss(r, 2), 0, 100)));
        m.put("packet_loss", round(Math.abs(gauss(r, 0.01))));
        return new TelemetrySnapshot(t, host, service, m, Map.of("source", "synthetic"));
    }

    private static double gauss(SplittableRandom r, double sd) {
        // Box-Muller from two uniforms: SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
