package io.maximus.hcl.tools.cli;

import static io.maximus.hcl.tools.cli.HandMadeTelemetry.Shape.constant;
import static io.maximus.hcl.tools.cli.HandMadeTelemetry.Shape.count;
import static io.maximus.hcl.tools.cli.HandMadeTelemetry.Shape.percent;
import static io.maximus.hcl.tools.cli.HandMadeTelemetry.flat;
import static io.maximus.hcl.tools.cli.HandMadeTelemetry.linear;
import static io.maximus.hcl.tools.cli.HandMadeTelemetry.sawtooth;
import static io.maximus.hcl.tools.cli.HandMadeTelemetry.stepThenLinear;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.core.EventTimes;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hcl replay} of hosts unlike anything the generator writes or the shipped models were trained on: a
 * {@code ledger-db} service reporting only {@code mem_used_percent}, {@code fs_used_percent} and a connection pool
 * ({@code conn_pool_used} against {@code conn_pool_max}). Three leak shapes (linear, step then linear, pool
 * connections) are each warned at least ten minutes before the resource runs out, with the time to exhaustion in the
 * trigger; sawtooth memory and disk that never reach the ceiling get no warning; a calm file gets no decision at all.
 * A {@code ledger-api} service (CPU, memory, requests, commit lag, errors): memory creeping slowly changes no mode
 * and remediates nothing (only the host heading for the ceiling is warned, on exhaustion evidence); an incident after
 * the online model's warm-up raises HIGH_PERFORMANCE with a decision naming the online model and since when.
 */
class UnseenHostReplayTest {

    private static final long START = EventTimes.parse("2026-06-02T03:00:00Z");
    private static final String SERVICE = "ledger-db";

    @TempDir
    Path dir;

    private List<JsonNode> replay(String name, HandMadeTelemetry telemetry) throws Exception {
        List<JsonNode> decisions = telemetry.replay(dir, name);
        for (JsonNode d : decisions) {
            System.out.printf(
                    "%s decision at minute %.1f: %s on %s: %s%n",
                    name,
                    minute(d),
                    d.get("rule").asText(),
                    d.at("/scope/host").asText(),
                    d.get("trigger").asText());
        }
        return decisions;
    }

    private static double minute(JsonNode decision) {
        return (EventTimes.parse(decision.get("timestamp").asText()) - START) / 60_000.0;
    }

    private static List<JsonNode> warnings(List<JsonNode> decisions, String host) {
        return decisions.stream()
                .filter(d -> d.get("rule").asText().equals("failure-predicted"))
                .filter(d -> host == null || d.at("/scope/host").asText().equals(host))
                .toList();
    }

    /** A ledger-db host's metric set: memory and filesystem percentages and a pool of 80 connections. */
    private static Map<String, HandMadeTelemetry.Shape> ledgerDb(
            HandMadeTelemetry.Shape memory, HandMadeTelemetry.Shape fs, HandMadeTelemetry.Shape pool) {
        Map<String, HandMadeTelemetry.Shape> m = new LinkedHashMap<>();
        m.put("mem_used_percent", memory);
        m.put("fs_used_percent", fs);
        m.put("conn_pool_used", pool);
        m.put("conn_pool_max", constant(80));
        return m;
    }

    /**
     * Asserts that {@code host} got exactly one warning, on {@code metric}, at least ten minutes before the resource
     * runs out at minute {@code exhaustedAt}, with a time to exhaustion in its trigger that points within 20 minutes
     * of that instant; returns the lead in minutes.
     */
    private static double assertWarnedAhead(List<JsonNode> decisions, String host, String metric, double exhaustedAt) {
        List<JsonNode> w = warnings(decisions, host);
        assertThat(w).as("warnings on " + host).hasSize(1);
        JsonNode d = w.get(0);
        assertThat(d.at("/scope/service").asText()).isEqualTo(SERVICE);
        assertThat(d.at("/actions_taken/0/type").asText()).isEqualTo("notify");
        String trigger = d.get("trigger").asText();
        assertThat(trigger)
                .startsWith("failure predicted on host " + host + " of service " + SERVICE + ": " + metric
                        + " runs out in ")
                .contains("time to exhaustion ")
                .endsWith("evidence: exhaustion");
        long tte = Long.parseLong(trigger.replaceAll(".*time to exhaustion (\\d+) s.*", "$1"));
        long at = EventTimes.parse(trigger.replaceAll(".*time to exhaustion \\d+ s, at ([^)]+)\\).*", "$1"));
        double lead = exhaustedAt - minute(d);
        System.out.printf(
                "%s (%s): warned at minute %.1f, %.1f min before exhaustion at minute %.1f; trigger TTE %.1f min"
                        + " (predicted minute %.1f)%n",
                host, metric, minute(d), lead, exhaustedAt, tte / 60.0, (at - START) / 60_000.0);
        assertThat(lead).as("minutes from the warning to exhaustion on " + host).isGreaterThanOrEqualTo(10);
        assertThat(tte / 60.0).as("predicted minutes to exhaustion on " + host).isBetween(5.0, 60.0);
        assertThat((at - START) / 60_000.0 - exhaustedAt)
                .as("predicted instant against the true one on " + host + ", minutes")
                .isBetween(-20.0, 20.0);
        return lead;
    }

    @Test
    void linearStepThenLinearAndPoolLeaksOnAnUnseenServiceAreWarnedAtLeastTenMinutesAhead() throws Exception {
        HandMadeTelemetry t = new HandMadeTelemetry(START)
                // linear: 38% -> 99% over 130 minutes (100% at minute 132.1), then the host goes silent
                .host(
                        SERVICE,
                        "ledger-db-01",
                        130,
                        41,
                        ledgerDb(percent(linear(38, 99, 130), 0.8), percent(flat(57), 0.05), count(flat(22), 3, 80)))
                // step then linear: calm at 42% for an hour, a step of 13 points, then 0.45 points a minute
                // (100% at minute 160)
                .host(
                        SERVICE,
                        "ledger-db-02",
                        158,
                        42,
                        ledgerDb(
                                percent(stepThenLinear(42, 60, 13, 0.45), 0.8),
                                percent(flat(61), 0.05),
                                count(flat(18), 3, 80)))
                // pool connections leak: 15 -> 80 in use over 100 minutes (the pool is full at minute 100)
                .host(
                        SERVICE,
                        "ledger-db-03",
                        100,
                        43,
                        ledgerDb(percent(flat(47), 0.8), percent(flat(52), 0.05), count(linear(15, 80, 100), 1.5, 80)))
                // a calm peer that goes on beyond the others
                .host(
                        SERVICE,
                        "ledger-db-04",
                        170,
                        44,
                        ledgerDb(percent(flat(51), 0.8), percent(flat(49), 0.05), count(flat(20), 3, 80)));
        List<JsonNode> decisions = replay("leaks", t);

        assertWarnedAhead(decisions, "ledger-db-01", "mem_used_percent", (100 - 38) / (61 / 130.0));
        assertWarnedAhead(decisions, "ledger-db-02", "mem_used_percent", 60 + (100 - 55) / 0.45);
        assertWarnedAhead(decisions, "ledger-db-03", "conn_pool_used", 100);
        assertThat(warnings(decisions, "ledger-db-04")).isEmpty();
    }

    @Test
    void sawtoothMemoryAndRotatedLogsThatNeverReachTheCeilingGetNoWarning() throws Exception {
        HandMadeTelemetry t = new HandMadeTelemetry(START)
                // garbage collection: 30% -> 82% in 20 minutes, released; logs 50% -> 70% in an hour, rotated
                .host(
                        SERVICE,
                        "ledger-db-05",
                        360,
                        51,
                        ledgerDb(
                                percent(sawtooth(30, 82, 20), 0.8),
                                percent(sawtooth(50, 70, 60), 0.05),
                                count(flat(25), 3, 80)))
                // a cache whose heap climbs to 93% before each collection, every 25 minutes
                .host(
                        "session-cache",
                        "cache-07",
                        360,
                        52,
                        Map.of(
                                "mem_used_percent", percent(sawtooth(40, 93, 25), 0.8),
                                "evictions_per_s", count(flat(30), 5, 1_000)));
        List<JsonNode> decisions = replay("sawtooth", t);
        assertThat(warnings(decisions, null)).isEmpty();
    }

    @Test
    void aCalmFileGetsNoWarningAndNoDecision() throws Exception {
        HandMadeTelemetry t = new HandMadeTelemetry(START)
                .host(
                        SERVICE,
                        "ledger-db-06",
                        360,
                        61,
                        ledgerDb(percent(flat(64), 0.8), percent(flat(71), 0.05), count(flat(30), 3, 80)))
                // a filesystem creeping up 0.6 points in six hours: far from any ceiling
                .host(
                        SERVICE,
                        "ledger-db-07",
                        360,
                        62,
                        ledgerDb(percent(flat(55), 0.8), percent(m -> 44 + m / 600, 0.05), count(flat(12), 2, 80)));
        List<JsonNode> decisions = replay("calm", t);
        assertThat(warnings(decisions, null)).isEmpty();
        assertThat(decisions).as("decisions on a calm file").isEmpty();
    }

    /** A ledger-api host: CPU, requests, a commit lag and errors; memory as given. */
    private static Map<String, HandMadeTelemetry.Shape> ledgerApi(
            HandMadeTelemetry.Shape memory, HandMadeTelemetry.Shape commitLag, HandMadeTelemetry.Shape errors) {
        Map<String, HandMadeTelemetry.Shape> m = new LinkedHashMap<>();
        m.put("cpu_usage", percent(flat(45), 4));
        m.put("memory_usage", memory);
        m.put("requests_per_s", count(flat(140), 10, 10_000));
        m.put("commit_lag_ms", commitLag);
        m.put("errors_per_s", errors);
        return m;
    }

    @Test
    void aSlowMemoryCreepOnANewHostChangesNoModeAndOnlyTheOneHeadingForTheCeilingIsWarned() throws Exception {
        HandMadeTelemetry t = new HandMadeTelemetry(START)
                // calm for an hour, then memory creeps 0.2 points a minute: 76% after four hours, no ceiling in sight
                .host(
                        "ledger-api",
                        "ledger-api-01",
                        240,
                        71,
                        ledgerApi(
                                percent(m -> m < 60 ? 40 : 40 + 0.2 * (m - 60), 0.8),
                                count(flat(35), 6, 100_000),
                                count(flat(1), 0.5, 1_000)))
                // memory creeps from the start 0.3 points a minute, 45% -> 99% in three hours: heads for the ceiling
                .host(
                        "ledger-api",
                        "ledger-api-02",
                        180,
                        72,
                        ledgerApi(
                                percent(linear(45, 99, 180), 0.8),
                                count(flat(35), 6, 100_000),
                                count(flat(1), 0.5, 1_000)));
        List<JsonNode> decisions = replay("creep", t);
        // no mode change and no remediation; the capacity policy may add a replica when memory nears its ceiling
        // (its memory constraint), but never on anomaly alerts: the service stays BALANCED with calm alerts
        assertThat(decisions)
                .allSatisfy(d -> assertThat(d.get("rule").asText()).isIn("failure-predicted", "plan-policy-hcl"));
        assertThat(decisions)
                .filteredOn(d -> d.get("rule").asText().startsWith("plan-policy"))
                .allSatisfy(d -> {
                    assertThat(d.get("operational_mode").asText()).isEqualTo("BALANCED");
                    assertThat(d.at("/state_before/fuzzy_alerts").asDouble()).isLessThan(50);
                    assertThat(d.at("/evidence/0/model").asText()).isEqualTo("online");
                    assertThat(d.at("/evidence/0/score").asDouble()).isLessThan(1);
                });
        assertThat(warnings(decisions, "ledger-api-01")).isEmpty();
        assertThat(warnings(decisions, "ledger-api-02")).singleElement().satisfies(d -> {
            assertThat(d.get("trigger").asText())
                    .contains("memory_usage runs out in ")
                    .endsWith("evidence: exhaustion");
            JsonNode e = d.at("/evidence/0");
            assertThat(e.get("source").asText()).isEqualTo("failure_risk");
            assertThat(e.get("model").asText()).isEqualTo("exhaustion");
            assertThat(e.get("fired")).extracting(JsonNode::asText).containsExactly("exhaustion");
        });
    }

    @Test
    void anIncidentOnAnUnseenServiceChangesTheModeWithADecisionNamingTheOnlineModelAndSinceWhen() throws Exception {
        // commit lag 35 -> 900 ms and errors 1 -> 9 a second on both hosts from minute 110 to 135, after the online
        // model's warm-up (240 snapshots of 20 s: 80 minutes); CPU and memory unchanged
        HandMadeTelemetry.Shape lag = count(m -> m >= 110 && m < 135 ? 900 : 35, 6, 100_000);
        HandMadeTelemetry.Shape errors = count(m -> m >= 110 && m < 135 ? 9 : 1, 0.5, 1_000);
        HandMadeTelemetry t = new HandMadeTelemetry(START)
                .host("ledger-api", "ledger-api-03", 150, 73, ledgerApi(percent(flat(52), 0.8), lag, errors))
                .host("ledger-api", "ledger-api-04", 150, 74, ledgerApi(percent(flat(48), 0.8), lag, errors));
        List<JsonNode> decisions = replay("incident", t);
        List<JsonNode> modes = decisions.stream()
                .filter(d -> d.get("rule").asText().equals("plan-mode"))
                .toList();
        assertThat(modes).as("mode changes").isNotEmpty();
        JsonNode up = modes.get(0);
        assertThat(up.get("operational_mode").asText()).isEqualTo("HIGH_PERFORMANCE");
        assertThat(minute(up)).as("raised during the incident").isBetween(110.0, 135.0);
        JsonNode e = up.at("/evidence/0");
        System.out.println("incident: mode decision evidence " + e);
        assertThat(e.get("source").asText()).isEqualTo("anomaly");
        assertThat(e.get("model").asText()).isEqualTo("online");
        assertThat(e.get("host").asText()).startsWith("ledger-api-0");
        assertThat(e.get("detector").asText()).startsWith("online-knn since ");
        double since = (EventTimes.parse(e.get("since").asText()) - START) / 60_000.0;
        assertThat(since).as("minute of the online model's fit").isBetween(79.0, 110.0);
        assertThat(EventTimes.parse(e.get("learning_since").asText())).isEqualTo(START);
        assertThat(e.get("score").asDouble())
                .as("strongest score over its threshold")
                .isGreaterThan(0.9);
    }
}
