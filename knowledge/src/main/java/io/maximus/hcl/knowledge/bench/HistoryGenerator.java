package io.maximus.hcl.knowledge.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.knowledge.store.DecisionRecord;
import io.maximus.hcl.knowledge.store.Outcome;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A seeded, realistic decision history: a fleet of services and hosts, the three modes, one or two
 * actions per decision from the shared vocabulary, four metrics before and after, outcomes mostly known
 * and mostly successful, rewards in [-1, 1]. Writes rows as JSON text for COPY and as records for inserts.
 */
public final class HistoryGenerator {

    private static final String[] TYPES = {
        "scale_deployment",
        "adjust_hpa",
        "update_resources",
        "restart",
        "resize_pool",
        "kill_slow_queries",
        "vacuum",
        "flush_cache",
        "warm_cache",
        "shift_traffic",
        "set_mode",
        "notify"
    };
    private static final String[] STATUS = {"DRY_RUN", "EXECUTED", "EXECUTED", "EXECUTED", "FAILED", "AWAITING_APPROVAL"
    };
    private static final String[] TRIGGERS = {
        "cpu_usage > 80% for 5min",
        "p99 latency above SLO",
        "error rate spike",
        "memory pressure",
        "connection pool saturated",
        "cache hit ratio low",
        "forecast: load rising"
    };
    private static final OperationalMode[] MODES = OperationalMode.values();

    private final SplittableRandom random;
    private final int services;
    private final int hostsPerService;

    /** A generator over {@code services} services of {@code hostsPerService} hosts each. */
    public HistoryGenerator(long seed, int services, int hostsPerService) {
        this.random = new SplittableRandom(seed);
        this.services = services;
        this.hostsPerService = hostsPerService;
    }

    /** Name of service {@code i}. */
    public static String serviceName(int i) {
        return String.format(Locale.ROOT, "svc-%03d", i);
    }

    /** One generated decision in text form. */
    public record Row(
            UUID id,
            Instant timestamp,
            String service,
            String host,
            String trigger,
            String mode,
            String actionsJson,
            String stateBeforeJson,
            String stateAfterJson,
            String outcome,
            Double reward,
            String rule) {

        /** As a store record. */
        public DecisionRecord toRecord() {
            try {
                return new DecisionRecord(
                        id,
                        timestamp,
                        service,
                        host,
                        trigger,
                        OperationalMode.valueOf(mode),
                        Json.MAPPER.readTree(actionsJson),
                        Json.MAPPER.readTree(stateBeforeJson),
                        stateAfterJson == null ? null : Json.MAPPER.readTree(stateAfterJson),
                        outcome == null ? null : Outcome.valueOf(outcome),
                        reward,
                        null,
                        rule);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** As the body of {@code POST /decisions}. */
        public String toApiJson() {
            return Json.write(toRecord().toJson());
        }

        /** Appends this row in COPY text format (tab-separated, \N for null), columns in table order. */
        public void appendCopy(StringBuilder sb) {
            // Generated JSON holds no tab, newline or backslash, so no COPY escaping is needed.
            sb.append(id)
                    .append('\t')
                    .append(timestamp)
                    .append('\t')
                    .append(service)
                    .append('\t')
                    .append(host)
                    .append('\t')
                    .append(trigger)
                    .append('\t')
                    .append(mode)
                    .append('\t')
                    .append(actionsJson)
                    .append('\t')
                    .append(stateBeforeJson)
                    .append('\t')
                    .append(stateAfterJson == null ? "\\N" : stateAfterJson)
                    .append('\t')
                    .append(outcome == null ? "\\N" : outcome)
                    .append('\t')
                    .append(reward == null ? "\\N" : reward.toString())
                    .append("\t\\N\t")
                    .append(rule)
                    .append('\n');
        }
    }

    /** The next decision, at event time {@code ts}. */
    public Row next(Instant ts) {
        SplittableRandom r = random;
        int s = r.nextInt(services);
        String service = serviceName(s);
        String host = service + "-h" + r.nextInt(hostsPerService);
        String mode = MODES[r.nextInt(10) < 6 ? 1 : r.nextInt(2) == 0 ? 0 : 2].name();
        int n = 1 + (r.nextInt(3) == 0 ? 1 : 0);
        StringBuilder a = new StringBuilder(240).append('[');
        for (int i = 0; i < n; i++) {
            String type = TYPES[r.nextInt(TYPES.length)];
            String status = STATUS[r.nextInt(STATUS.length)];
            boolean dry = status.equals("DRY_RUN");
            if (i > 0) {
                a.append(',');
            }
            a.append("{\"type\":\"")
                    .append(type)
                    .append("\",\"target\":\"")
                    .append(service)
                    .append("\",\"params\":{\"replicas\":")
                    .append(2 + r.nextInt(8))
                    .append("},\"dry_run\":")
                    .append(dry)
                    .append(",\"status\":\"")
                    .append(status)
                    .append("\",\"call\":\"")
                    .append(type)
                    .append(' ')
                    .append(service)
                    .append("\",\"detail\":null}");
        }
        a.append(']');
        double cpu = 40 + r.nextDouble() * 60;
        double lat = 50 + r.nextDouble() * 450;
        String before = metrics(cpu, lat, r.nextDouble() * 0.05, 30 + r.nextDouble() * 60);
        String outcome = null;
        String after = null;
        Double reward = null;
        if (r.nextInt(100) < 90) {
            int o = r.nextInt(100);
            outcome = o < 72 ? "SUCCESS" : o < 87 ? "PARTIAL" : "FAILED";
            after = metrics(
                    cpu * (0.6 + r.nextDouble() * 0.5),
                    lat * (0.5 + r.nextDouble() * 0.7),
                    r.nextDouble() * 0.03,
                    30 + r.nextDouble() * 60);
            reward = Math.round((outcome.equals("SUCCESS")
                                    ? 0.3 + r.nextDouble() * 0.7
                                    : outcome.equals("PARTIAL") ? r.nextDouble() * 0.4 - 0.1 : -r.nextDouble())
                            * 1000)
                    / 1000.0;
        }
        return new Row(
                new UUID(r.nextLong(), r.nextLong()),
                ts,
                service,
                host,
                TRIGGERS[r.nextInt(TRIGGERS.length)],
                mode,
                a.toString(),
                before,
                after,
                outcome,
                reward,
                "rule-" + (1 + r.nextInt(20)));
    }

    private static String metrics(double cpu, double lat, double err, double mem) {
        return String.format(
                Locale.ROOT,
                "{\"cpu_usage\":%.2f,\"latency_p99_ms\":%.1f,\"error_rate\":%.4f,\"memory_usage\":%.2f}",
                cpu,
                lat,
                err,
                mem);
    }
}
