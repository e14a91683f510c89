package io.maximus.hcl.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/** {@code hcl generate} then {@code hcl replay}, through the command line, on the real topology. */
class ReplayTest {

    private static final long START = EventTimes.parse("2026-03-02T00:00:00Z");

    @TempDir
    Path dir;

    private record Run(List<JsonNode> decisions, JsonNode summary, List<JsonNode> deadLetters) {}

    private Run replay(String name, String... generateArgs) throws Exception {
        Path input = dir.resolve(name + ".jsonl");
        List<String> gen = new ArrayList<>(List.of("generate", "--output", input.toString()));
        gen.addAll(List.of(generateArgs));
        assertThat(HclCli.run(gen.toArray(String[]::new))).isZero();
        Path dead = dir.resolve(name + "-dlq.jsonl");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ReplayCommand cmd = new ReplayCommand(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        Path output = dir.resolve(name + "-decisions.jsonl");
        int rc = new picocli.CommandLine(cmd)
                .execute(
                        "--input",
                        input.toString(),
                        "--output",
                        output.toString(),
                        "--dead-letters",
                        dead.toString(),
                        "--parallelism",
                        "2");
        assertThat(rc).isZero();
        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines)
                .as("standard output holds only the summary when decisions go to a file")
                .hasSize(1);
        List<JsonNode> decisions = new ArrayList<>();
        for (String l : Files.readAllLines(output)) {
            decisions.add(Json.MAPPER.readTree(l));
        }
        List<JsonNode> deadLetters = new ArrayList<>();
        for (String l : Files.readAllLines(dead)) {
            deadLetters.add(Json.MAPPER.readTree(l));
        }
        return new Run(decisions, Json.MAPPER.readTree(lines.get(lines.size() - 1)), deadLetters);
    }

    /** The decisions of these rules by event time (the file holds them in arrival order from 2 subtasks). */
    private static List<JsonNode> rule(Run run, String... rules) {
        List<String> wanted = List.of(rules);
        return run.decisions().stream()
                .filter(d -> wanted.contains(d.get("rule").asText()))
                .sorted(java.util.Comparator.comparingLong(
                        d -> EventTimes.parse(d.get("timestamp").asText())))
                .toList();
    }

    @Test
    void aCpuSpikeOnOneServiceIsScaledWithinMinutesAndEveryGarbageLineIsCounted() throws Exception {
        Run run = replay(
                "spike",
                "--services",
                "5",
                "--hosts",
                "3",
                "--hours",
                "4",
                "--incident",
                "cpu_spike:payments:2h:20m",
                "--garbage-every",
                "500");
        // 5 services x 3 hosts x 960 scrapes; one garbage line after every 500 records
        assertThat(run.summary().get("records").asLong()).isEqualTo(14_400);
        assertThat(run.summary().get("rejected").asLong()).isEqualTo(28);
        assertThat(run.deadLetters())
                .hasSize(28)
                .allSatisfy(d -> assertThat(d.get("reason").asText()).isNotBlank());
        assertThat(run.summary().get("decisions").asLong())
                .isEqualTo(run.decisions().size());
        assertThat(run.summary().get("actions").asLong())
                .isEqualTo(run.decisions().size());

        assertThat(run.decisions()).isNotEmpty().allSatisfy(d -> {
            assertThat(d.at("/scope/service").asText()).isEqualTo("payments");
            assertThat(d.at("/actions_taken/0/dry_run").asBoolean()).isTrue();
            assertThat(d.at("/actions_taken/0/status").asText()).isEqualTo("DRY_RUN");
        });
        List<JsonNode> scale = rule(run, "cpu-sustained-high", "plan-policy-hcl");
        assertThat(scale)
                .isNotEmpty()
                .allSatisfy(
                        d -> assertThat(d.at("/actions_taken/0/type").asText()).isEqualTo("scale_deployment"));
        assertThat(rule(run, "cpu-sustained-high"))
                .allSatisfy(d -> assertThat(d.get("operational_mode").asText()).isEqualTo("HIGH_PERFORMANCE"));
        // the plan stage's capacity policy (on by default) acts within a minute, the CEP pattern after 5 windows
        long spikeStart = START + 2 * 3_600_000L;
        long first = EventTimes.parse(scale.get(0).get("timestamp").asText());
        assertThat(scale.get(0).get("rule").asText()).isEqualTo("plan-policy-hcl");
        assertThat(first - spikeStart).as("ms from spike to first decision").isBetween(0L, 60_000L);
        long cep = EventTimes.parse(
                rule(run, "cpu-sustained-high").get(0).get("timestamp").asText());
        assertThat(cep - spikeStart)
                .as("minutes from spike to the CEP pattern's decision")
                .isBetween(5 * 60_000L - 1, 7 * 60_000L);
        // the fuzzy mode: HIGH_PERFORMANCE once at the spike, one set_mode; it falls only plan.mode.dwell (2 h) after
        // that change, which is after the end of this 4-hour replay, so it does not flap back and forth
        List<JsonNode> modes = rule(run, "plan-mode");
        assertThat(modes).hasSize(1);
        assertThat(modes.get(0).at("/actions_taken/0/type").asText()).isEqualTo("set_mode");
        assertThat(modes.get(0).at("/actions_taken/0/params/mode").asText()).isEqualTo("HIGH_PERFORMANCE");
        assertThat(EventTimes.parse(modes.get(0).get("timestamp").asText()) - spikeStart)
                .as("the mode rises on two consecutive 30-s steps of high inputs")
                .isBetween(0L, 120_000L);
        assertThat(run.decisions().size()).isEqualTo(scale.size() + modes.size());
    }

    @Test
    void risingErrorsRestartALatencyStepNotifiesAndACalmDayGetsNothing() throws Exception {
        Run errors = replay(
                "errors", "--services", "3", "--hosts", "2", "--hours", "3", "--incident", "error_surge:search:1h:10m");
        assertThat(errors.decisions())
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.at("/scope/service").asText()).isEqualTo("search"));
        // the error surge is an alert for the fuzzy mode: at most one change up and one back, as set_mode
        assertThat(rule(errors, "plan-mode"))
                .hasSizeLessThanOrEqualTo(2)
                .allSatisfy(
                        d -> assertThat(d.at("/actions_taken/0/type").asText()).isEqualTo("set_mode"));
        List<JsonNode> restarts = rule(errors, "error-rate-rising");
        assertThat(restarts.size() + rule(errors, "plan-mode").size())
                .isEqualTo(errors.decisions().size());
        assertThat(restarts).isNotEmpty().allSatisfy(d -> {
            assertThat(d.at("/actions_taken/0/type").asText()).isEqualTo("restart");
            assertThat(d.get("trigger").asText())
                    .startsWith("error_rate rising over 3 consecutive windows on service search");
        });
        long first = EventTimes.parse(restarts.get(0).get("timestamp").asText());
        assertThat(first - (START + 3_600_000L)).isLessThan(10 * 60_000L);

        Run latency = replay(
                "latency",
                "--services",
                "3",
                "--hosts",
                "2",
                "--hours",
                "3",
                "--incident",
                "latency_step:payments:2h:1h:0.45");
        assertThat(latency.decisions())
                .allSatisfy(d -> assertThat(d.at("/scope/service").asText()).isEqualTo("payments"));
        assertThat(rule(latency, "plan-mode")).hasSizeLessThanOrEqualTo(2);
        assertThat(latency.decisions()).hasSize(1 + rule(latency, "plan-mode").size());
        assertThat(rule(latency, "latency-degradation")).singleElement().satisfies(d -> {
            assertThat(d.at("/scope/service").asText()).isEqualTo("payments");
            assertThat(d.at("/actions_taken/0/type").asText()).isEqualTo("notify");
            assertThat(d.get("trigger").asText())
                    .startsWith("latency_p99 of service payments rose 4")
                    .contains("from 2026-03-02T02:00:00Z");
            long detectedAfter = EventTimes.parse(d.get("timestamp").asText()) - (START + 2 * 3_600_000L);
            assertThat(detectedAfter)
                    .as("a +45% p99 step is reported within 15 minutes")
                    .isLessThan(15 * 60_000L);
        });

        Run calm = replay("calm", "--services", "3", "--hosts", "2", "--hours", "24");
        assertThat(calm.summary().get("records").asLong()).isEqualTo(3 * 2 * 5760);
        assertThat(calm.summary().get("rejected").asLong()).isZero();
        assertThat(calm.decisions()).isEmpty();
    }
}
