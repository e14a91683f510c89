package io.maximus.hcl.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.collector.SyntheticFleet;
import io.maximus.hcl.core.EventTimes;
import io.maximus.hcl.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failure predictor in the job: {@code hcl generate} with a memory leak, then {@code hcl replay}. */
class FailureReplayTest {

    private static final long START = EventTimes.parse("2026-03-02T00:00:00Z");

    @TempDir
    Path dir;

    private List<JsonNode> replay(String name, String... generateArgs) throws Exception {
        Path input = dir.resolve(name + ".jsonl");
        List<String> gen = new ArrayList<>(List.of("generate", "--output", input.toString()));
        gen.addAll(List.of(generateArgs));
        assertThat(HclCli.run(gen.toArray(String[]::new))).isZero();
        Path output = dir.resolve(name + "-decisions.jsonl");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int rc = new picocli.CommandLine(new ReplayCommand(new PrintStream(stdout, true, StandardCharsets.UTF_8)))
                .execute("--input", input.toString(), "--output", output.toString(), "--parallelism", "2");
        assertThat(rc).isZero();
        List<JsonNode> decisions = new ArrayList<>();
        for (String l : Files.readAllLines(output)) {
            decisions.add(Json.MAPPER.readTree(l));
        }
        return decisions;
    }

    private static List<JsonNode> failurePredictions(List<JsonNode> decisions) {
        return decisions.stream()
                .filter(d -> d.get("rule").asText().equals("failure-predicted"))
                .toList();
    }

    @Test
    void aMemoryLeakIsPredictedAtLeastTenMinutesBeforeEachHostFailsAndACalmDayGetsNoAlarm() throws Exception {
        String leak = "memory_leak:checkout:2h:40m";
        List<JsonNode> predicted = failurePredictions(
                replay("leak", "--services", "3", "--hosts", "2", "--hours", "3.5", "--incident", leak));
        SyntheticFleet.Incident incident = SyntheticFleet.Incident.parse(leak, START);
        assertThat(predicted).hasSize(2).allSatisfy(d -> {
            String host = d.at("/scope/host").asText();
            assertThat(host).startsWith("checkout-");
            assertThat(d.at("/scope/service").asText()).isEqualTo("checkout");
            assertThat(d.at("/actions_taken/0/type").asText()).isEqualTo("notify");
            assertThat(d.at("/actions_taken/0/status").asText()).isEqualTo("DRY_RUN");
            assertThat(d.get("trigger").asText())
                    .startsWith(
                            "failure predicted on host " + host + " of service checkout: P(failure in 10-30 min) = ")
                    .contains("driven by memory_usage.");
            double leadMinutes = (incident.onsetFor(host)
                            - EventTimes.parse(d.get("timestamp").asText()))
                    / 60_000.0;
            assertThat(leadMinutes)
                    .as("minutes from the alarm to the outage of %s", host)
                    .isBetween(10.0, 40.0);
        });

        List<JsonNode> calm = replay("calm", "--services", "2", "--hosts", "2", "--hours", "24", "--seed", "3");
        assertThat(failurePredictions(calm)).isEmpty();
    }
}
