package io.maximus.hcl.models.plan.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Evaluates every policy on every trace in ../shared/datasets/forecast and prints the table (the report's source). */
class PlanEvaluationTest {

    private static final List<String> POLICIES = List.of("static", "hpa", "predictive", "fuzzy", "hcl");

    private static Path sharedForecast() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path candidate = p.resolve("shared/datasets/forecast");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            p = p.getParent();
        }
        return null;
    }

    @Test
    void everyPolicyOnEverySharedTrace() throws IOException {
        Path dir = sharedForecast();
        assumeTrue(dir != null, "../shared/datasets/forecast is not here");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.toString().endsWith(".csv")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        PlanEvaluation eval = new PlanEvaluation(PlanEvaluation.Settings.defaults());
        for (Path f : files) {
            String valueColumn =
                    header(f).contains("value") ? "value" : header(f).get(1);
            Trace trace = TraceReader.read(f, header(f).get(0), valueColumn, 30);
            EvaluationResult r = eval.evaluate(trace);
            System.out.print(r.table());
            System.out.println(r.toJson());
            System.out.println("hcl dominates hpa: " + r.dominates("hcl", "hpa"));
            assertThat(r.policies().keySet()).containsExactlyElementsOf(POLICIES);
            for (PolicyMetrics m : r.policies().values()) {
                assertThat(m.sloViolationMin()).isFinite().isNotNegative();
                assertThat(m.replicaHours()).isFinite().isPositive();
                assertThat(m.cpuHours()).isFinite().isPositive();
                assertThat(m.actions()).isNotNegative();
            }
            PolicyMetrics hpa = r.policies().get("hpa");
            PolicyMetrics fixed = r.policies().get("static");
            assertThat(hpa.replicaHours() < fixed.replicaHours() || hpa.sloViolationMin() < fixed.sloViolationMin())
                    .as("calibrated HPA beats static on %s", f.getFileName())
                    .isTrue();
            JsonNode json = new ObjectMapper().readTree(r.toJson());
            assertThat(json.get("trace").asText()).isEqualTo(f.getFileName().toString());
            for (String p : POLICIES) {
                JsonNode m = json.get("policies").get(p);
                assertThat(m.has("slo_violation_min")
                                && m.has("replica_hours")
                                && m.has("actions")
                                && m.has("mode_changes"))
                        .as(p)
                        .isTrue();
            }
        }
    }

    @Test
    void theSameTraceGivesTheSameResult() {
        double[] v = new double[4 * 2880];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 + 60 * Math.sin(2 * Math.PI * i / 2880.0) + (i % 2880 > 1500 && i % 2880 < 1520 ? 80 : 0);
        }
        Trace t = new Trace("synthetic", 0, 30, v);
        PlanEvaluation eval = new PlanEvaluation(PlanEvaluation.Settings.defaults());
        EvaluationResult a = eval.evaluate(t);
        assertThat(eval.evaluate(t).toJson()).isEqualTo(a.toJson());
        assertThat(a.policies().get("fuzzy").modeChanges()).isPositive();
        assertThat(a.policies().get("static").modeChanges()).isZero();
    }

    private static List<String> header(Path f) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(f)) {
            return List.of(in.readLine().trim().split(","));
        }
    }
}
