package io.maximus.hcl.jobs.stages;

import io.maximus.hcl.jobs.HclOptions;
import io.maximus.hcl.sinks.execute.ActionLogFactory;
import io.maximus.hcl.sinks.execute.ActuatorFactory;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import io.maximus.hcl.sinks.safety.HardLimits;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.Configuration;

/**
 * The execute stage's settings from the job's options, for {@code ExecuteStage.build} (no secrets: those are read on
 * the task managers).
 */
public final class ExecuteStageConfig {

    private ExecuteStageConfig() {}

    /** The execute stage's configuration from the job's options. */
    public static ExecuteConfig from(Configuration conf) {
        List<String> actuators = conf.get(HclOptions.EXECUTE_ACTUATORS).stream()
                .map(a -> a.trim().toLowerCase(Locale.ROOT))
                .filter(a -> !a.isEmpty())
                .toList();
        List<String> metrics = conf.get(HclOptions.EXECUTE_ROLLBACK_METRICS).stream()
                .map(String::trim)
                .filter(m -> !m.isEmpty())
                .toList();
        String log = conf.get(HclOptions.EXECUTE_ACTION_LOG);
        return new ExecuteConfig(
                conf.get(HclOptions.EXECUTE_DRY_RUN),
                actuators.isEmpty() ? ActuatorFactory.none() : ActuatorFactory.fromEnvironment(actuators),
                log.isBlank() ? null : ActionLogFactory.parse(log, conf.get(HclOptions.JDBC_USER)),
                conf.get(HclOptions.EXECUTE_MAX_REPLICAS),
                conf.get(HclOptions.EXECUTE_CPU_CAPACITY),
                conf.get(HclOptions.EXECUTE_MEMORY_CAPACITY),
                HardLimits.OnViolation.valueOf(
                        conf.get(HclOptions.EXECUTE_ON_VIOLATION).name()),
                conf.get(HclOptions.EXECUTE_PRODUCTION),
                conf.get(HclOptions.EXECUTE_CRITICAL_INTERVAL),
                conf.get(HclOptions.EXECUTE_COOL_DOWN),
                conf.get(HclOptions.EXECUTE_TIMEOUT),
                conf.get(HclOptions.EXECUTE_CAPACITY),
                conf.get(HclOptions.EXECUTE_THREADS),
                conf.get(HclOptions.EXECUTE_SEEN_TTL),
                conf.get(HclOptions.EXECUTE_APPROVAL_TIMEOUT),
                conf.get(HclOptions.EXECUTE_ROLLBACK_DELAY),
                conf.get(HclOptions.EXECUTE_ROLLBACK_THRESHOLD),
                metrics,
                new ExecuteConfig.Webhook(
                        conf.get(HclOptions.EXECUTE_WEBHOOK_TIMEOUT),
                        conf.get(HclOptions.EXECUTE_WEBHOOK_ATTEMPTS),
                        conf.get(HclOptions.EXECUTE_WEBHOOK_BACKOFF)));
    }
}
