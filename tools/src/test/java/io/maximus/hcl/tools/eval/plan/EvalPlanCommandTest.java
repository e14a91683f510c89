package io.maximus.hcl.tools.eval.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalPlanCommandTest {

    /** Four days of 5-minute requests with a daily cycle and an evening burst on the last day. */
    private static Path writeTrace(Path dir) throws Exception {
        StringBuilder s = new StringBuilder("timestamp,requests\n");
        for (int i = 0; i < 4 * 288; i++) {
            double day = Math.sin(2 * Math.PI * (i % 288) / 288.0);
            double v = 1000 + 600 * day + (i > 3 * 288 + 200 && i < 3 * 288 + 212 ? 900 : 0);
            s.append(i * 300)
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.1f", v))
                    .append('\n');
        }
        Path csv = dir.resolve("requests.csv");
        Files.writeString(csv, s.toString());
        return csv;
    }

    @Test
    void trainPlanWritesAnArtifactThatEvalPlanServes(@TempDir Path dir) throws Exception {
        Path csv = writeTrace(dir);
        Path model = dir.resolve("sac");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int trained;
        int evaluated;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            trained = new CommandLine(new io.maximus.hcl.tools.train.TrainPlanCommand())
                    .execute(
                            "--input", csv.toString(),
                            "--time-col", "timestamp",
                            "--value-col", "requests",
                            "--out", model.toString(),
                            "--steps", "300",
                            "--version", "sac-test");
            evaluated = new CommandLine(new EvalPlanCommand())
                    .execute(
                            "--input",
                            csv.toString(),
                            "--time-col",
                            "timestamp",
                            "--value-col",
                            "requests",
                            "--sac-model",
                            model.toString());
        } finally {
            System.setOut(old);
        }
        assertThat(trained).isZero();
        assertThat(evaluated).isZero();
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode train = json.readTree(lines.get(0));
        assertThat(train.get("version").asText()).isEqualTo("sac-test");
        assertThat(train.get("train_seconds").asDouble()).isPositive();
        assertThat(Files.readString(model.resolve("manifest.json"))).contains("hcl-plan-sac", "actor_sha256");
        JsonNode sac = json.readTree(lines.get(1)).at("/policies/sac");
        assertThat(sac.at("/params/version").asText()).isEqualTo("sac-test");
        assertThat(sac.get("replica_hours").asDouble()).isPositive();
    }

    @Test
    void printsOneJsonLineWithEveryPolicyAndWritesTheReport(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int rc;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            rc = new CommandLine(new EvalPlanCommand())
                    .execute(
                            "--input", writeTrace(dir).toString(),
                            "--time-col", "timestamp",
                            "--value-col", "requests",
                            "--interval", "5m",
                            "--sac-steps", "300",
                            "--report", report.toString());
        } finally {
            System.setOut(old);
        }
        assertThat(rc).isZero();
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertThat(line.get("trace").asText()).isEqualTo("requests.csv");
        JsonNode policies = line.get("policies");
        assertThat(policies.fieldNames())
                .toIterable()
                .containsExactly("static", "hpa", "predictive", "fuzzy", "sac", "hcl");
        for (JsonNode p : policies) {
            assertThat(p.get("slo_violation_min").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(p.get("replica_hours").asDouble()).isPositive();
            assertThat(p.has("actions")).isTrue();
            assertThat(p.has("mode_changes")).isTrue();
        }
        // the static policy acts once at most; the reactive ones follow the daily cycle
        assertThat(policies.at("/static/actions").asInt()).isLessThanOrEqualTo(1); // the first step sets its count
        assertThat(policies.at("/hpa/actions").asInt()).isPositive();
        String index = Files.readString(report.resolve("index.html"));
        assertThat(index).contains("requests.csv");
        try (var pages = Files.walk(report)) { // the pages are under pages/
            String page = Files.readString(
                    pages.filter(p -> !p.endsWith("index.html") && p.toString().endsWith(".html"))
                            .findFirst()
                            .orElseThrow());
            assertThat(page).contains("hcl replicas", "hpa p99", "SLO", "load");
        }
    }

    @Test
    void readsIntervals() {
        assertThat(EvalPlanCommand.seconds("5m")).isEqualTo(300);
        assertThat(EvalPlanCommand.seconds("1h")).isEqualTo(3600);
        assertThat(EvalPlanCommand.seconds("30")).isEqualTo(30);
    }
}
