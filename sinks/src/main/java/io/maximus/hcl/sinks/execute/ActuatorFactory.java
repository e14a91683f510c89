package io.maximus.hcl.sinks.execute;

import io.maximus.hcl.sinks.actuate.Actuator;
import io.maximus.hcl.sinks.actuate.DockerActuator;
import io.maximus.hcl.sinks.actuate.Env;
import io.maximus.hcl.sinks.actuate.KubernetesActuator;
import io.maximus.hcl.sinks.actuate.NginxActuator;
import io.maximus.hcl.sinks.actuate.PgBouncerActuator;
import io.maximus.hcl.sinks.actuate.PostgresActuator;
import io.maximus.hcl.sinks.actuate.RedisActuator;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * The named actuators ({@code redis, nginx, postgres, pgbouncer, kubernetes, docker}), each configured from the
     * task manager's {@code HCL_*} environment (see each actuator's {@code Options.fromEnv}; each is dry-run unless its
     * {@code HCL_*_DRY_RUN=false}).
     */
    static ActuatorFactory fromEnvironment(List<String> names) {
        List<String> copy = List.copyOf(names);
        for (String n : copy) {
            if (!List.of("redis", "nginx", "postgres", "pgbouncer", "kubernetes", "docker")
                    .contains(n)) {
                throw new IllegalArgumentException(
                        "unknown actuator " + n + " (redis, nginx, postgres, pgbouncer, kubernetes, docker)");
            }
        }
        return () -> {
            Env env = Env.system();
            List<Actuator> out = new ArrayList<>();
            for (String name : copy) {
                switch (name) {
                    case "redis" -> out.add(new RedisActuator(RedisActuator.Options.fromEnv(env)));
                    case "nginx" -> out.add(new NginxActuator(NginxActuator.Options.fromEnv(env)));
                    case "postgres" -> out.add(new PostgresActuator(PostgresActuator.Options.fromEnv(env)));
                    case "pgbouncer" -> out.add(new PgBouncerActuator(PgBouncerActuator.Options.fromEnv(env)));
                    case "kubernetes" ->
                        out.add(KubernetesActuator.fromEnvironment(KubernetesActuator.Options.fromEnv(env)));
                    default -> out.add(new DockerActuator(DockerActuator.Options.fromEnv(env)));
                }
            }
            return out;
        };
    }
}
