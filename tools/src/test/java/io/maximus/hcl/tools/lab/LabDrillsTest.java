package io.maximus.hcl.tools.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lab's drills end to end, as {@code bin/hcl lab --drill NAME} runs them: a real fleet (nginx, app instances,
 * Redis, PostgreSQL + pgbouncer, the Debian exporters, Prometheus, the load generator), HCL's collector reading
 * Prometheus, Kafka, PostgreSQL and the job in its own JVM with live actuators on the lab only. Each drill's JSON
 * line is asserted: detected, the action's type and status, recovered or rolled back (load-surge, bad-action,
 * slow-queries, memory-leak). A missing component fails
 * under {@code CI=true} and skips otherwise.
 */
@Tag("lab")
class LabDrillsTest {

    @BeforeAll
    static void components() {
        try {
            for (String[] c : new String[][] {
                {"nginx", "/usr/sbin/nginx"},
                {"redis-server", "/usr/bin/redis-server"},
                {"pgbouncer", "/usr/sbin/pgbouncer"},
                {"prometheus", "/usr/bin/prometheus"},
                {"prometheus-node-exporter", "/usr/bin/prometheus-node-exporter"},
                {"prometheus-nginx-exporter", "/usr/bin/prometheus-nginx-exporter"},
                {"prometheus-redis-exporter", "/usr/bin/prometheus-redis-exporter"},
                {"prometheus-postgres-exporter", "/usr/bin/prometheus-postgres-exporter"},
                {"prometheus-pgbouncer-exporter", "/usr/bin/prometheus-pgbouncer-exporter"}
            }) {
                LabFleet.require(c[0], c[1]);
            }
        } catch (IllegalStateException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw e;
            }
            Assumptions.abort(e.getMessage());
        }
    }

    private static Map<String, Object> drill(String name) throws Exception {
        LabCommand lab = new LabCommand();
        lab.drill = name;
        assertThat(lab.call()).isZero();
        System.out.println("lab drill " + name + ": " + io.maximus.hcl.core.Json.write(lab.outcome));
        return lab.outcome;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> actions(Map<String, Object> o) {
        return (List<Map<String, Object>>) o.get("actions");
    }

    @Test
    @Timeout(600)
    void loadSurgeScalesOutAndLatencyRecovers() throws Exception {
        Map<String, Object> o = drill("load-surge");
        assertThat(o.get("detected_after_s")).isNotNull();
        assertThat(actions(o))
                .anySatisfy(a -> assertThat(a)
                        .containsEntry("type", "scale_deployment")
                        .containsEntry("target", "app")
                        .containsEntry("status", "EXECUTED"));
        assertThat((Integer) o.get("instances")).isGreaterThanOrEqualTo(3);
        assertThat(o).containsEntry("rolled_back", false).containsEntry("recovered", true);
    }

    @Test
    @Timeout(600)
    void badActionIsRolledBack() throws Exception {
        Map<String, Object> o = drill("bad-action");
        assertThat(o.get("detected_after_s")).isNotNull();
        assertThat(actions(o))
                .anySatisfy(a ->
                        assertThat(a).containsEntry("type", "scale_deployment").containsEntry("status", "EXECUTED"));
        assertThat(actions(o)).anySatisfy(a -> assertThat(a).containsEntry("status", "REVERTED"));
        assertThat(o).containsEntry("rolled_back", true).containsEntry("recovered", true);
        assertThat((Integer) o.get("instances")).isEqualTo(3);
    }

    @Test
    @Timeout(600)
    @SuppressWarnings("unchecked")
    void slowQueriesAreKilledOnlyTheOffendingOnes() throws Exception {
        Map<String, Object> o = drill("slow-queries");
        assertThat(o.get("detected_after_s")).isNotNull();
        assertThat(actions(o))
                .anySatisfy(a -> assertThat(a)
                        .containsEntry("type", "kill_slow_queries")
                        .containsEntry("target", "postgres")
                        .containsEntry("status", "EXECUTED"));
        Map<String, Object> q = (Map<String, Object>) o.get("queries");
        assertThat(q).containsEntry("slow_killed", 4).containsEntry("idle_report_session_alive", true);
        assertThat(q).containsEntry("app_query_failures", 0L);
        assertThat(o).containsEntry("recovered", true);
    }

    /**
     * memory-leak: the exhaustion warning (failure-predicted with its time to exhaustion) comes before the heap runs
     * out, the leaking instance is replaced (restart EXECUTED, verified), the count is unchanged and memory is back.
     * About 3 minutes here (start-up ≈ 50 s, detection ≈ 1 min), so it is in the lab suite.
     */
    @Test
    @Timeout(600)
    @SuppressWarnings("unchecked")
    void memoryLeakIsWarnedAboutAndTheInstanceReplaced() throws Exception {
        Map<String, Object> o = drill("memory-leak");
        assertThat(o.get("detected_after_s")).isNotNull();
        assertThat(actions(o))
                .anySatisfy(a -> assertThat(a)
                        .containsEntry("type", "restart")
                        .containsEntry("target", "app")
                        .containsEntry("status", "EXECUTED"));
        Map<String, Object> w = (Map<String, Object>) o.get("warning");
        assertThat((String) w.get("trigger"))
                .contains("memory_usage runs out in")
                .endsWith("evidence: exhaustion");
        assertThat(((Number) w.get("time_to_exhaustion_s")).longValue()).isGreaterThanOrEqualTo(60L);
        assertThat(o.get("instances")).isEqualTo(o.get("instances_before"));
        assertThat(o).containsEntry("rolled_back", false).containsEntry("recovered", true);
    }
}
