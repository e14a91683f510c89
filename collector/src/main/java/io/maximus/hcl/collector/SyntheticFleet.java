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
        /**
         * Memory grows linearly to 100% over the duration (each host a little faster, seeded: between 85% and 100% of
         * it), then that host fails for {@link #OUTAGE_MS}: errors explode to about 25/s, p99 latency ×6, throughput
         * ×0.1; then it restarts with its memory back to normal.
         */
        MEMORY_LEAK,
        /**
         * Database connections climb to the pool's limit (200) over the duration (per host as for the leak), query
         * latency and p99 latency rise as the pool fills, then the host fails for {@link #OUTAGE_MS} as above.
         */
        CONNECTION_LEAK,
        /**
         * A look-alike that does not fail: memory climbs over the first half of the duration toward 100% by the
         * magnitude's share of the headroom (0.45: from about 55% to 75%), holds there, and drops back at the end
         * (a cache warming up, a batch job).
         */
        MEMORY_GROWTH;

        /** Whether the incident ends in an outage of each host it hits. */
        public boolean endsInOutage() {
            return this == MEMORY_LEAK || this == CONNECTION_LEAK;
        }
    }

    /** How long a host stays down after a leak has run its course (it is then restarted). */
    public static final long OUTAGE_MS = 10 * 60_000L;

    /**
     * One host's outage caused by an incident.
     *
     * @param service the service
     * @param host the host
     * @param kind the incident that caused it
     * @param onsetMs when the host fails, epoch milliseconds
     * @param endMs when it is back, epoch milliseconds
     */
    public record Outage(String service, String host, IncidentKind kind, long onsetMs, long endMs) {}

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

        /** Whether the incident is under way at {@code t} (for a leak: until the last host's outage ends). */
        public boolean activeAt(long t) {
            return t >= startMs && t < startMs + durationMs + (kind.endsInOutage() ? OUTAGE_MS : 0);
        }

        /** When a leak brings {@code host} down: 85–100% of the duration after the start, seeded by the host. */
        public long onsetFor(String host) {
            long h = (host.hashCode() * 0x9E3779B97F4A7C15L) ^ (startMs * 31 + kind.ordinal());
            double f = 0.85 + 0.15 * new SplittableRandom(h).nextDouble();
            return startMs + Math.round(durationMs * f);
        }

        /** Parses {@code kind:service:offset:duration[:magnitude]} with offsets like {@code 2h}, {@code 90m}. */
        public static Incident parse(String spec, long fleetStart) {
            String[] p = spec.split(":");
            if (p.length < 4) {
                throw new IllegalArgumentException(
                        "incident must be kind:service:offset:duration[:magnitude]: " + spec);
            }
            IncidentKind kind =
                    IncidentKind.valueOf(p[0].toUpperCase(Locale.ROOT).replace('-', '_'));
            double magnitude = p.length > 4 ? Double.parseDouble(p[4]) : 0.45;
            return new Incident(
                    kind, p[1], fleetStart + Durations.parseMillis(p[2]), Durations.parseMillis(p[3]), magnitude);
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

    /**
     * {@code count} seeded random incidents for training data, at most one at a time per service (two hours apart),
     * spread over {@code hours} after {@code start} (the first hour is left calm): memory leaks (20–90 min),
     * connection leaks (30–120 min) — both end in outages — and, as look-alikes that do not, memory growth that
     * levels off (to 40–85% of the headroom, 30–120 min), CPU spikes (10–40 min) and latency steps (+30–80%,
     * 30–120 min).
     */
    public static List<Incident> randomIncidents(
            List<String> services, int count, long start, double hours, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Incident> out = new ArrayList<>();
        long span = Math.round(hours * 3_600_000) - 3 * 3_600_000L;
        if (span <= 0 || services.isEmpty()) {
            throw new IllegalArgumentException("random incidents need more than 3 hours of telemetry and a service");
        }
        int attempts = 0;
        while (out.size() < count && attempts++ < count * 50) {
            String service = services.get(r.nextInt(services.size()));
            long at = start + 3_600_000L + (long) (r.nextDouble() * span);
            double u = r.nextDouble();
            IncidentKind kind = u < 0.35
                    ? IncidentKind.MEMORY_LEAK
                    : u < 0.5
                            ? IncidentKind.CONNECTION_LEAK
                            : u < 0.7
                                    ? IncidentKind.MEMORY_GROWTH
                                    : u < 0.85 ? IncidentKind.CPU_SPIKE : IncidentKind.LATENCY_STEP;
            long minutes = switch (kind) {
                case MEMORY_LEAK -> 20 + r.nextInt(71);
                case CONNECTION_LEAK, LATENCY_STEP, MEMORY_GROWTH -> 30 + r.nextInt(91);
                default -> 10 + r.nextInt(31);
            };
            double magnitude = switch (kind) {
                case LATENCY_STEP -> 0.3 + 0.5 * r.nextDouble();
                case MEMORY_GROWTH -> 0.4 + 0.45 * r.nextDouble();
                default -> 0.45;
            };
            Incident inc = new Incident(kind, service, at, minutes * 60_000L, magnitude);
            boolean clash = out.stream()
                    .anyMatch(o -> o.service().equals(service)
                            && Math.abs(o.startMs() - at)
                                    < 2 * 3_600_000L + Math.max(o.durationMs(), inc.durationMs()));
            if (!clash) {
                out.add(inc);
            }
        }
        out.sort(java.util.Comparator.comparingLong(Incident::startMs));
        return out;
    }

    /** Every host outage the fleet's incidents cause, by onset. */
    public List<Outage> outages() {
        List<Outage> out = new ArrayList<>();
        for (Incident inc : incidents) {
            if (!inc.kind().endsInOutage()) {
                continue;
            }
            for (String[] sh : hosts()) {
                if (sh[0].equals(inc.service())) {
                    long onset = inc.onsetFor(sh[1]);
                    out.add(new Outage(sh[0], sh[1], inc.kind(), onset, onset + OUTAGE_MS));
                }
            }
        }
        out.sort(java.util.Comparator.comparingLong(Outage::onsetMs));
        return out;
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
        boolean down = false;
        double poolFill = 0; // connection leak: fraction of the way to the pool limit
        boolean poolExhausted = false;
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
                        long onset = inc.onsetFor(host);
                        if (t < onset) {
                            mem += (100 - mem) * (t - inc.startMs()) / (double) (onset - inc.startMs());
                        } else if (t < onset + OUTAGE_MS) {
                            mem = clamp(99.5 + gauss(r, 0.3), 0, 100);
                            down = true;
                        }
                    }
                    case MEMORY_GROWTH -> {
                        double f = Math.min(1, 2.0 * since / inc.durationMs());
                        mem += (100 - mem) * inc.magnitude() * f;
                    }
                    case CONNECTION_LEAK -> {
                        long onset = inc.onsetFor(host);
                        if (t < onset) {
                            poolFill = (t - inc.startMs()) / (double) (onset - inc.startMs());
                        } else if (t < onset + OUTAGE_MS) {
                            poolExhausted = true;
                            down = true;
                        }
                    }
                }
            }
        }
        if (down) {
            errors = 25 + gauss(r, 2);
            latency *= 6;
            throughput *= 0.1;
        }
        // drawn in this order so that fleets without the newer incident kinds stay what they were
        double swap = clamp(1 + gauss(r, 0.2), 0, 100);
        double cache = clamp(92 - 4 * load + gauss(r, 0.8), 0, 100);
        double disk = clamp(1 + 2 * load + Math.abs(gauss(r, 0.3)), 0, 100);
        double connections = clamp(20 + 40 * load + gauss(r, 2), 0, 200);
        double queryLatency = 4 + 6 * load + Math.abs(gauss(r, 0.5));
        if (poolExhausted) {
            connections = 200;
            queryLatency *= 20;
        } else if (poolFill > 0) {
            connections += (200 - connections) * poolFill;
            // waits for a connection grow as the pool fills (queueing: 1/(1-utilisation), capped)
            double wait = Math.min(20, 1 / Math.max(0.05, 1 - connections / 200.0)) - 1;
            queryLatency *= 1 + 0.3 * wait;
            latency *= 1 + 0.05 * wait;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("cpu_usage", round(cpu));
        m.put("memory_usage", round(mem));
        m.put("swap_usage", round(swap));
        m.put("latency_p99", round(latency));
        m.put("response_time_p50", round(latency * 0.35));
        m.put("response_time_p95", round(latency * 0.8));
        m.put("response_time_p99", round(latency));
        m.put("error_rate", round(errors));
        m.put("throughput", round(throughput));
        m.put("request_queue", round(queue));
        m.put("cache_hit_rate", round(cache));
        m.put("disk_io_wait", round(disk));
        m.put("database_connections", round(connections));
        m.put("query_latency", round(queryLatency));
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
