package io.maximus.hcl.sinks.execute;

import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.sinks.actuate.Actuator;
import io.maximus.hcl.sinks.actuate.DockerActuator;
import io.maximus.hcl.sinks.actuate.Env;
import io.maximus.hcl.sinks.actuate.KubernetesActuator;
import io.maximus.hcl.sinks.actuate.LocalProcessActuator;
import io.maximus.hcl.sinks.actuate.ModeActuator;
import io.maximus.hcl.sinks.actuate.NginxActuator;
import io.maximus.hcl.sinks.actuate.NotifyActuator;
import io.maximus.hcl.sinks.actuate.PgBouncerActuator;
import io.maximus.hcl.sinks.actuate.PostgresActuator;
import io.maximus.hcl.sinks.actuate.RedisActuator;
import io.maximus.hcl.sinks.actuate.TargetMap;
import io.maximus.hcl.sinks.actuate.TargetedActuator;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the actuators on a task manager (the factory travels with the job graph; clients, connections and secrets
 * are made and read where it runs).
 */
@FunctionalInterface
public interface ActuatorFactory extends Serializable {

    /** Creates the actuators; the caller closes them. */
    List<Actuator> create();

    /** No actuators: every action is described by the dry-run describer. */
    static ActuatorFactory none() {
        return List::of;
    }

    /** The actuator names {@link #fromEnvironment} and {@link #build} accept. */
    List<String> NAMES =
            List.of("redis", "nginx", "postgres", "pgbouncer", "kubernetes", "docker", "notify", "mode", "local");

    /**
     * The named actuators ({@code redis, nginx, postgres, pgbouncer, kubernetes, docker, notify, mode, local}), each configured
     * from the task manager's {@code HCL_*} environment (see each actuator's {@code Options.fromEnv}; each is dry-run
     * unless its {@code HCL_*_DRY_RUN=false}) and its targets from {@code HCL_TARGETS_<NAME>} (see {@link #build}).
     */
    static ActuatorFactory fromEnvironment(List<String> names) {
        List<String> copy = List.copyOf(names);
        for (String n : copy) {
            if (!NAMES.contains(n)) {
                throw new IllegalArgumentException("unknown actuator " + n + " " + NAMES);
            }
        }
        return () -> build(copy, Env.system());
    }

    /**
     * Builds the named actuators from {@code env}. Targets come from configuration: {@code HCL_TARGETS_KUBERNETES},
     * {@code _DOCKER}, {@code _NGINX}, {@code _PGBOUNCER}, {@code _REDIS}, {@code _POSTGRES} each hold
     * {@code service=target;service=target} (a {@link TargetMap}: also the allow-list). Kubernetes, Docker, nginx and
     * pgbouncer always go through the map (without one, only plain names are accepted, so a namespace never comes
     * from telemetry); Redis and PostgreSQL only when a map is configured (their own guards check patterns and
     * {@code *}). The Kubernetes namespaces a map names are added to its namespace allow-list.
     */
    static List<Actuator> build(List<String> names, Env env) {
        List<Actuator> out = new ArrayList<>();
        for (String raw : names) {
            String name = raw.trim();
            String option = "HCL_TARGETS_" + name.toUpperCase(Locale.ROOT);
            TargetMap targets = TargetMap.parse(env.string(option, null));
            switch (name) {
                case "redis" ->
                    out.add(optional(new RedisActuator(RedisActuator.Options.fromEnv(env)), targets, option));
                case "nginx" ->
                    out.add(new TargetedActuator(
                            new NginxActuator(NginxActuator.Options.fromEnv(env)), targets, Set.of(), option));
                case "postgres" ->
                    out.add(optional(new PostgresActuator(PostgresActuator.Options.fromEnv(env)), targets, option));
                case "pgbouncer" ->
                    out.add(new TargetedActuator(
                            new PgBouncerActuator(PgBouncerActuator.Options.fromEnv(env)), targets, Set.of(), option));
                case "kubernetes" -> {
                    Set<String> namespaces = new LinkedHashSet<>();
                    targets.asMap().values().stream()
                            .filter(t -> t.contains("/"))
                            .forEach(t -> namespaces.add(t.substring(0, t.indexOf('/'))));
                    KubernetesActuator.Options o =
                            KubernetesActuator.Options.fromEnv(env).allowing(namespaces);
                    out.add(new TargetedActuator(
                            KubernetesActuator.fromEnvironment(o), targets, Set.of(ActionType.DRAIN_NODE), option));
                }
                case "docker" ->
                    out.add(new TargetedActuator(
                            new DockerActuator(DockerActuator.Options.fromEnv(env)), targets, Set.of(), option));
                case "notify" -> out.add(new NotifyActuator(NotifyActuator.Options.fromEnv(env)));
                case "mode" -> out.add(new ModeActuator(ModeActuator.Options.fromEnv(env)));
                case "local" ->
                    out.add(new TargetedActuator(
                            new LocalProcessActuator(LocalProcessActuator.Options.fromEnv(env)),
                            targets,
                            Set.of(),
                            option));
                default -> throw new IllegalArgumentException("unknown actuator " + name + " " + NAMES);
            }
        }
        return out;
    }

    private static Actuator optional(Actuator a, TargetMap targets, String option) {
        return targets.configured() ? new TargetedActuator(a, targets, Set.of(), option) : a;
    }
}
