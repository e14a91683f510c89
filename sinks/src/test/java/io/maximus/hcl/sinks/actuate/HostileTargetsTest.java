package io.maximus.hcl.sinks.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.sinks.execute.ActuatorFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Targets come from configuration only: names from telemetry with path or shell characters, services outside the
 * allow-list, namespaces outside it, match-everything Redis patterns and kill_slow_queries on every database are
 * refused with a reason before any system is called.
 */
class HostileTargetsTest {

    private static final List<String> HOSTILE =
            List.of("../../kube-system/coredns", "$(touch x)", "kube-system/coredns", "a;rm -rf /", "`id`", "x y", "");

    private static ActuatorRegistry registry(Map<String, String> env, String... names) {
        // global dry run: nothing would be executed even if validation let something through
        return new ActuatorRegistry(ActuatorFactory.build(List.of(names), new Env(env)), true);
    }

    private static void refused(ActuatorRegistry reg, Action a, String reason) {
        ActionResult r = reg.run(a).result();
        assertThat(r.status()).as(a.toString()).isEqualTo(ActionStatus.FAILED);
        assertThat(r.detail()).as(a.toString()).startsWith("invalid: ").contains(reason);
        assertThat(r.call()).isEmpty();
    }

    @Test
    void hostileNamesAreRefusedByEveryActuatorThatTakesANameFromTelemetry() {
        try (ActuatorRegistry reg = registry(
                Map.of("HCL_PG_KILL_USERS", "app"),
                "kubernetes",
                "docker",
                "nginx",
                "pgbouncer",
                "postgres",
                "notify",
                "mode")) {
            for (String t : HOSTILE) {
                refused(reg, new Action(ActionType.RESTART, t, Map.of()), "refused");
                refused(reg, new Action(ActionType.SCALE_DEPLOYMENT, t, Map.of("replicas_delta", 1)), "refused");
                refused(reg, new Action(ActionType.RESTART_CONTAINER, t, Map.of()), "refused");
                refused(reg, new Action(ActionType.CIRCUIT_BREAKER, t, Map.of("server", "a:1")), "refused");
                refused(reg, new Action(ActionType.RESIZE_POOL, t, Map.of("pool_size", 5)), "refused");
                refused(reg, new Action(ActionType.KILL_SLOW_QUERIES, t, Map.of()), "target must be a database");
                refused(reg, new Action(ActionType.NOTIFY, t, Map.of()), "plain service or host name");
                refused(reg, new Action(ActionType.SET_MODE, t, Map.of("mode", "BALANCED")), "service name");
            }
        }
    }

    @Test
    void aConfiguredMapIsTheAllowList() {
        Map<String, String> env = Map.of(
                "HCL_TARGETS_KUBERNETES", "checkout=shop/checkout-deploy;search=shop/search",
                "HCL_TARGETS_DOCKER", "checkout=checkout-1",
                "HCL_TARGETS_NGINX", "checkout=checkout_backend",
                "HCL_TARGETS_PGBOUNCER", "checkout=orders");
        try (ActuatorRegistry reg = registry(env, "kubernetes", "docker", "nginx", "pgbouncer")) {
            refused(reg, new Action(ActionType.RESTART, "payments", Map.of()), "not in the allow-list");
            refused(reg, new Action(ActionType.RESTART_CONTAINER, "payments", Map.of()), "HCL_TARGETS_DOCKER");
            refused(reg, new Action(ActionType.SHIFT_TRAFFIC, "payments", Map.of()), "HCL_TARGETS_NGINX");
            refused(
                    reg,
                    new Action(ActionType.RESIZE_POOL, "payments", Map.of("pool_size", 5)),
                    "HCL_TARGETS_PGBOUNCER");
        }
        TargetedActuator k8s = (TargetedActuator)
                ActuatorFactory.build(List.of("kubernetes"), new Env(env)).get(0);
        assertThat(k8s.map(new Action(ActionType.RESTART, "checkout", Map.of()))
                        .action()
                        .target())
                .isEqualTo("shop/checkout-deploy");
        // a node drain keeps its node name (still a plain name only)
        assertThat(k8s.map(new Action(ActionType.DRAIN_NODE, "node-1", Map.of()))
                        .action()
                        .target())
                .isEqualTo("node-1");
        assertThat(k8s.map(new Action(ActionType.DRAIN_NODE, "../node-1", Map.of()))
                        .refusal())
                .contains("refused");
        k8s.close();
    }

    @Test
    void theKubernetesNamespaceNeverComesFromTheTarget() {
        KubernetesActuator.Options o = KubernetesActuator.Options.fromEnv(new Env(Map.of("HCL_K8S_NAMESPACE", "shop")));
        assertThat(o.namespaces()).containsExactly("shop");
        KubernetesActuator k = new KubernetesActuator(null, o); // refused before any API call
        assertThat(k.validate(new Action(ActionType.RESTART, "kube-system/coredns", Map.of())))
                .singleElement()
                .asString()
                .contains("namespace kube-system")
                .contains("not in the allow-list");
        // the namespaces a target map names are allowed, nothing else
        KubernetesActuator.Options mapped = o.allowing(Set.of("web"));
        assertThat(mapped.namespaces()).containsExactlyInAnyOrder("shop", "web");
    }

    @Test
    void redisRefusesMatchEverythingPatternsUnlessAllowListed() {
        RedisActuator strict = new RedisActuator(RedisActuator.Options.local(1, true));
        for (String p : List.of("?*", "*", "[a-z]*", "\\*", "?")) {
            assertThat(strict.validate(new Action(ActionType.FLUSH_CACHE, p, Map.of("allow_all", true))))
                    .as(p)
                    .isNotEmpty();
        }
        assertThat(strict.validate(new Action(ActionType.FLUSH_CACHE, "session:*", Map.of())))
                .isEmpty();
        assertThat(strict.validate(new Action(ActionType.FLUSH_CACHE, "session:* x", Map.of())))
                .isNotEmpty();
        strict.close();
        RedisActuator allowing = new RedisActuator(
                RedisActuator.Options.fromEnv(new Env(Map.of("HCL_REDIS_PORT", "1", "HCL_REDIS_FLUSH_ALLOW", "?*"))));
        assertThat(allowing.validate(new Action(ActionType.FLUSH_CACHE, "?*", Map.of())))
                .isEmpty();
        allowing.close();
    }

    @Test
    void killOnEveryDatabaseNeedsTheUsersConfigured() {
        PostgresActuator any = new PostgresActuator(PostgresActuator.Options.fromEnv(new Env(Map.of())));
        assertThat(any.validate(new Action(ActionType.KILL_SLOW_QUERIES, "*", Map.of())))
                .singleElement()
                .asString()
                .contains("HCL_PG_KILL_USERS");
        assertThat(any.validate(new Action(ActionType.KILL_SLOW_QUERIES, "orders", Map.of())))
                .isEmpty();
        PostgresActuator users = new PostgresActuator(
                PostgresActuator.Options.fromEnv(new Env(Map.of("HCL_PG_KILL_USERS", "app, report"))));
        assertThat(users.validate(new Action(ActionType.KILL_SLOW_QUERIES, "*", Map.of())))
                .isEmpty();
        assertThat(users.describe(new Action(ActionType.KILL_SLOW_QUERIES, "*", Map.of())))
                .contains("users [app, report]");
    }

    @Test
    void aMalformedTargetMapIsAConfigurationError() {
        assertThatThrownBy(() -> TargetMap.parse("checkout=shop/$(x)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetMap.parse("../x=shop/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetMap.parse("a=x;a=y")).isInstanceOf(IllegalArgumentException.class);
        assertThat(TargetMap.parse(" checkout = shop/checkout ; ").asMap()).containsEntry("checkout", "shop/checkout");
    }
}
