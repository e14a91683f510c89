package io.maximus.hcl.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.core.EventTimes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resource exhaustion in the job: {@code hcl replay} of hand-made telemetry (services, hosts, metrics and shapes the
 * generator and the failure model never saw). A linear memory leak is warned well before the host dies, with the time
 * to exhaustion in the decision's trigger; a garbage-collection sawtooth, log rotation and calm hosts are not.
 */
class ExhaustionReplayTest {

    private static final long START = EventTimes.parse("2026-05-11T08:00:00Z");

    @TempDir
    Path dir;

    private List<JsonNode> replay(String name, HandMadeTelemetry telemetry) throws Exception {
        return telemetry.replay(dir, name);
    }

    private static List<JsonNode> failurePredictions(List<JsonNode> decisions) {
        return decisions.stream()
                .filter(d -> d.get("rule").asText().equals("failure-predicted"))
                .toList();
    }

    @Test
    void aLinearMemoryLeakOnAnUnseenHostIsWarnedWithItsTimeToExhaustionAtLeastTenMinutesAhead() throws Exception {
        // db-7f3a leaks 45% -> 99% over two hours, then stops reporting (its memory would reach 100% at minute
        // 122.2); db-2c19 beside it is calm and goes on for half an hour more
        HandMadeTelemetry t = new HandMadeTelemetry(START)
                .host("ledger", "db-7f3a", 120, HandMadeTelemetry.linear(45, 99, 120), HandMadeTelemetry.flat(61), 11)
                .host("ledger", "db-2c19", 150, HandMadeTelemetry.flat(52), HandMadeTelemetry.flat(58), 12);
        List<JsonNode> predicted = failurePredictions(replay("leak", t));
        long lastReport = START + 120 * 60_000L - HandMadeTelemetry.STEP_MS;
        long exhausted = START + Math.round((100 - 45) / (54 / 120.0) * 60_000);
        assertThat(predicted).singleElement().satisfies(d -> {
            assertThat(d.at("/scope/host").asText()).isEqualTo("db-7f3a");
            assertThat(d.at("/scope/service").asText()).isEqualTo("ledger");
            assertThat(d.at("/actions_taken/0/type").asText()).isEqualTo("notify");
            String trigger = d.get("trigger").asText();
            assertThat(trigger)
                    .startsWith("failure predicted on host db-7f3a of service ledger: memory_usage runs out in ")
                    .contains("time to exhaustion ")
                    .endsWith("evidence: exhaustion");
            long decided = EventTimes.parse(d.get("timestamp").asText());
            long tte = Long.parseLong(trigger.replaceAll(".*time to exhaustion (\\d+) s.*", "$1"));
            long at = EventTimes.parse(trigger.replaceAll(".*time to exhaustion \\d+ s, at ([^)]+)\\).*", "$1"));
            double leadToSilence = (lastReport - decided) / 60_000.0;
            double leadToExhaustion = (exhausted - decided) / 60_000.0;
            System.out.printf(
                    "leak replay: warned at minute %.1f, %.1f min before the last report, %.1f min before 100%%;"
                            + " trigger TTE %d s (predicted at minute %.1f)%n",
                    (decided - START) / 60_000.0, leadToSilence, leadToExhaustion, tte, (at - START) / 60_000.0);
            assertThat(leadToSilence)
                    .as("minutes from the warning to the host's silence")
                    .isGreaterThanOrEqualTo(10);
            assertThat(leadToExhaustion).isGreaterThanOrEqualTo(10);
            assertThat(tte / 60.0).as("predicted minutes to exhaustion").isBetween(10.0, 60.0);
            assertThat((at - exhausted) / 60_000.0)
                    .as("predicted instant against the true one, minutes")
                    .isBetween(-20.0, 20.0);
        });
    }

    @Test
    void garbageCollectionSawtoothsLogRotationAndCalmHostsGetNoWarning() throws Exception {
        // memory climbs 35% -> 85% in 15 minutes and is released (GC), disk fills 50% -> 88% in 30 minutes and is
        // rotated; six hours
        HandMadeTelemetry sawtooth = new HandMadeTelemetry(START)
                .host(
                        "billing",
                        "jvm-9e01",
                        360,
                        HandMadeTelemetry.sawtooth(35, 85, 15),
                        HandMadeTelemetry.sawtooth(50, 88, 30),
                        21)
                .host(
                        "billing",
                        "jvm-9e02",
                        360,
                        HandMadeTelemetry.sawtooth(40, 92, 22),
                        HandMadeTelemetry.flat(70),
                        22);
        assertThat(failurePredictions(replay("sawtooth", sawtooth))).isEmpty();

        HandMadeTelemetry calm = new HandMadeTelemetry(START)
                .host("search-api", "es-node-a", 360, HandMadeTelemetry.flat(62), HandMadeTelemetry.flat(44), 31)
                .host("search-api", "es-node-b", 360, HandMadeTelemetry.flat(88), m -> 44 + m / 600, 32);
        assertThat(failurePredictions(replay("calm", calm))).isEmpty();
    }
}
