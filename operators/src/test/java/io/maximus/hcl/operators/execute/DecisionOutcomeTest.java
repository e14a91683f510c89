package io.maximus.hcl.operators.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.core.ServiceWindow;
import io.maximus.hcl.sinks.actuate.KubernetesActuator;
import io.maximus.hcl.sinks.execute.ActuatorFactory;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import io.maximus.hcl.sinks.execute.FileActionLog;
import io.maximus.hcl.sinks.knowledge.DecisionJdbcSink;
import io.maximus.hcl.sinks.knowledge.DecisionOutcomeJdbcSink;
import io.maximus.hcl.sinks.knowledge.KbDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outcome, state_after and reward filled in later: three scale-ups really executed against fabric8's Kubernetes mock
 * server; a minute later one service is better (SUCCESS), one mixed (PARTIAL), one 50% worse (reverted: FAILED). The
 * decisions and their outcomes reach a real PostgreSQL through the job's two JDBC sinks; a second run of the same
 * input (a restart: the action log answers, the watches are re-armed) leaves every row as it was.
 */
@EnableKubernetesMockClient(crud = true)
class DecisionOutcomeTest {

    static KubernetesClient client;

    @TempDir
    Path dir;

    /** Plans on a, b and c at T0 (latency 100, errors 1.0 before); their windows a minute later. */
    record OutcomeScript() implements ExecuteHarness.Steps {
        @Override
        public List<ExecuteHarness.Step> steps() {
            long t = ExecuteHarness.T0;
            Map<String, double[]> after =
                    Map.of("a", new double[] {70, 0.8}, "b", new double[] {110, 0.9}, "c", new double[] {150, 1.0});
            List<ExecuteHarness.Step> s = new ArrayList<>();
            for (String svc : List.of("a", "b", "c")) {
                s.add(new ExecuteHarness.Step(
                        t,
                        new ActionPlan(
                                Scope.service(svc),
                                t,
                                "test",
                                "test " + svc,
                                OperationalMode.BALANCED,
                                List.of(new Action(ActionType.SCALE_DEPLOYMENT, "shop/" + svc, Map.of("replicas", 4))),
                                1,
                                false,
                                "outcome-" + svc,
                                Map.of("latency_p99", 100.0, "error_rate", 1.0, "cpu_usage", 90.0)),
                        null));
                Map<String, Double> m =
                        Map.of("latency_p99", after.get(svc)[0], "error_rate", after.get(svc)[1], "cpu_usage", 60.0);
                s.add(new ExecuteHarness.Step(
                        t + 60_000,
                        null,
                        new ServiceWindow(
                                svc, t + 1, t + 60_001, 3, 12, m, m, 0, List.of(), OperationalMode.BALANCED)));
            }
            s.sort(Comparator.comparingLong(ExecuteHarness.Step::time));
            return s;
        }
    }

    private void run(String url) throws Exception {
        String master = client.getMasterUrl().toString();
        ActuatorFactory k8s = () -> List.of(new KubernetesActuator(
                new KubernetesClientBuilder()
                        .withConfig(new ConfigBuilder()
                                .withMasterUrl(master)
                                .withTrustCerts(true)
                                .withNamespace("shop")
                                .build())
                        .build(),
                new KubernetesActuator.Options("shop", false)));
        String log = dir.resolve("action-log").toString();
        ExecuteConfig config = ExecuteConfig.defaults()
                .withActuators(k8s, false, () -> new FileActionLog(Path.of(log)))
                .withRollback(Duration.ofSeconds(60), 0.20, ExecuteConfig.DEFAULT_ROLLBACK_METRICS);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        OutcomeScript script = new OutcomeScript();
        DataStream<ExecuteHarness.Step> steps = env.fromSequence(
                        0, script.steps().size() - 1)
                .map(new ExecuteHarness.ToStep(script, 0))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<ExecuteHarness.Step>forMonotonousTimestamps()
                        .withTimestampAssigner((x, p) -> x.time()));
        ExecuteStage.Outputs out = ExecuteStage.build(
                steps.filter(x -> x.plan() != null).map(x -> x.plan()),
                steps.filter(x -> x.window() != null).map(x -> x.window()),
                null,
                config);
        out.decisions().sinkTo(DecisionJdbcSink.create(url, "postgres", "", 100, 200, 3, Duration.ofMinutes(1)));
        out.outcomes().sinkTo(DecisionOutcomeJdbcSink.create(url, "postgres", "", 100, 200, 3, Duration.ofMinutes(1)));
        env.execute("outcome test");
    }

    private static Map<String, String[]> rows(String url) throws Exception {
        Map<String, String[]> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT service, outcome, reward_signal, state_after::text, "
                                + "trigger, jsonb_array_length(actions_taken) FROM hcl_decisions")) {
            while (rs.next()) {
                out.put(rs.getString(1), new String[] {
                    rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)
                });
            }
        }
        return out;
    }

    @Test
    void verdictsFillOutcomeStateAfterAndRewardOnceAndForAll() throws Exception {
        for (String svc : List.of("a", "b", "c")) {
            client.apps()
                    .deployments()
                    .inNamespace("shop")
                    .resource(new DeploymentBuilder()
                            .withNewMetadata()
                            .withName(svc)
                            .withNamespace("shop")
                            .endMetadata()
                            .withNewSpec()
                            .withReplicas(2)
                            .withNewSelector()
                            .addToMatchLabels("app", svc)
                            .endSelector()
                            .withNewTemplate()
                            .withNewMetadata()
                            .addToLabels("app", svc)
                            .endMetadata()
                            .withNewSpec()
                            .addToContainers(new ContainerBuilder()
                                    .withName("app")
                                    .withImage("x:1")
                                    .build())
                            .endSpec()
                            .endTemplate()
                            .endSpec()
                            .build())
                    .createOr(r -> r.update());
        }
        String url = KbDatabase.fresh();
        run(url);
        Map<String, String[]> first = rows(url);
        assertThat(first).containsOnlyKeys("a", "b", "c");
        assertThat(first.values()).allSatisfy(r -> {
            assertThat(r[3]).startsWith("test "); // the decision's own trigger, not a stub
            assertThat(r[4]).isEqualTo("1");
        });
        assertThat(first.get("a")[0]).isEqualTo("SUCCESS");
        assertThat(Double.parseDouble(first.get("a")[1])).isCloseTo(0.25, within(1e-9)); // mean(+30%, +20%)
        assertThat(first.get("b")[0]).isEqualTo("PARTIAL");
        assertThat(Double.parseDouble(first.get("b")[1])).isCloseTo(0.0, within(1e-9)); // mean(-10%, +10%)
        assertThat(first.get("c")[0]).isEqualTo("FAILED");
        assertThat(Double.parseDouble(first.get("c")[1])).isCloseTo(-1.25, within(1e-9)); // mean(-50%, 0) - 1
        Map<String, Double> stateAfter = Json.MAPPER.readValue(
                first.get("a")[2],
                Json.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, Double.class));
        assertThat(stateAfter)
                .containsEntry("latency_p99", 70.0)
                .containsEntry("error_rate", 0.8)
                .containsEntry("cpu_usage", 60.0);
        assertThat(client.apps()
                        .deployments()
                        .inNamespace("shop")
                        .withName("c")
                        .get()
                        .getSpec()
                        .getReplicas())
                .as("the hurting scale-up was reverted")
                .isEqualTo(2);

        run(url); // the same input again, as after a restart
        Map<String, String[]> second = rows(url);
        for (String k : List.of("a", "b", "c")) {
            assertThat(second.get(k)).as(k).containsExactly(first.get(k));
        }
    }
}
