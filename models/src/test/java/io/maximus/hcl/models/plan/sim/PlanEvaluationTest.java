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
        // the fuzzy mode's dwell is one of the grid, chosen on the training part; hcl falls back to the HPA itself
        // when no candidate dominates it there
        PolicyMetrics fuzzy = a.policies().get("fuzzy");
        assertThat(PlanEvaluation.MODE_DWELLS).contains(((Number) fuzzy.params().get("mode_dwell_s")).longValue());
        double rate = ((Number) fuzzy.params().get("training_mode_changes_per_day")).doubleValue();
        assertThat(rate <= PlanEvaluation.MAX_MODE_CHANGES_PER_DAY
                        || fuzzy.params()
                                .get("mode_dwell_s")
                                .equals(PlanEvaluation.MODE_DWELLS[PlanEvaluation.MODE_DWELLS.length - 1]))
                .isTrue();
        PolicyMetrics hcl = a.policies().get("hcl");
        PolicyMetrics hpa = a.policies().get("hpa");
        if (hcl.params().get("dominates_hpa_on_training").equals(false)) {
            assertThat(hcl.sloViolationMin()).isEqualTo(hpa.sloViolationMin());
            assertThat(hcl.replicaHours()).isEqualTo(hpa.replicaHours());
            assertThat(hcl.params()).containsEntry("prescale_target", "none");
        }
    }

    @Test
    void theModeDwellIsTheShortestThatKeepsTheFuzzyPolicyBelowTheBoundOnTheTrainingPart() {
        // a noisy daily cycle: the fuzzy mode flaps with a short dwell
        double[] v = new double[6 * 2880];
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(1, 100 + 60 * Math.sin(2 * Math.PI * i / 2880.0) + 25 * r.nextGaussian());
        }
        Trace t = new Trace("noisy", 0, 30, v);
        PlanEvaluation eval = new PlanEvaluation(PlanEvaluation.Settings.defaults());
        Trace train = eval.trainingPart(t);
        io.maximus.hcl.models.plan.sim.policy.FuzzyInputs inputs =
                new io.maximus.hcl.models.plan.sim.policy.FuzzyInputs(
                        train.quantile(0.05), train.quantile(0.95), 80, 400);
        io.maximus.hcl.models.plan.sim.policy.HpaPolicy hpa =
                new io.maximus.hcl.models.plan.sim.policy.HpaPolicy(0.7, 300);
        PlanEvaluation.ModeDwell d = eval.chooseModeDwell(hpa, inputs, train);
        double days = train.length() * 30 / 86_400.0;
        for (long shorter : PlanEvaluation.MODE_DWELLS) {
            if (shorter >= d.seconds()) {
                break;
            }
            io.maximus.hcl.models.plan.sim.policy.FuzzyModePolicy fuzzy =
                    new io.maximus.hcl.models.plan.sim.policy.FuzzyModePolicy(
                            new io.maximus.hcl.models.plan.sim.policy.HpaPolicy(0.7, 300),
                            new io.maximus.hcl.models.plan.sim.policy.FuzzyModeController(shorter),
                            inputs);
            assertThat(eval.run(fuzzy, train, new double[0]).modeChanges() / days)
                    .as("dwell %d s", shorter)
                    .isGreaterThan(PlanEvaluation.MAX_MODE_CHANGES_PER_DAY);
        }
        assertThat(d.changesPerDay()).isLessThanOrEqualTo(PlanEvaluation.MAX_MODE_CHANGES_PER_DAY);
    }

    private static List<String> header(Path f) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(f)) {
            return List.of(in.readLine().trim().split(","));
        }
    }
}
