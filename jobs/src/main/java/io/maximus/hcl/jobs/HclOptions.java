package io.maximus.hcl.jobs;

import io.maximus.hcl.core.Secrets;
import io.maximus.hcl.core.Topics;
import io.maximus.hcl.models.failure.FailureMonitor;
import io.maximus.hcl.models.failure.FleetFailureModel;
import io.maximus.hcl.models.forecast.DemandForecaster;
import io.maximus.hcl.models.forecast.ForecastArtifact;
import io.maximus.hcl.models.forecast.ForecastPeakRule;
import io.maximus.hcl.models.forecast.SarimaModel;
import io.maximus.hcl.operators.DemandForecastOperator;
import io.maximus.hcl.sinks.execute.ActionLogFactory;
import io.maximus.hcl.sinks.execute.ActuatorFactory;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import io.maximus.hcl.sinks.safety.HardLimits;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * Every option of the HCL job, typed, with its default and description, in one place. Given on the command line as
 * {@code --key value} (after {@code flink run … <jar>}), or in a properties file named by {@code --config};
 * {@code flink-conf/hcl.properties} lists them all with their defaults. Secrets never come from here: the database
 * password is read from the environment ({@code HCL_JDBC_PASSWORD}) or a mounted file ({@code jdbc.password-file}).
 */
public final class HclOptions {

    public static final ConfigOption<String> KAFKA_BOOTSTRAP = ConfigOptions.key("kafka.bootstrap-servers")
            .stringType().defaultValue("localhost:9092").withDescription("Kafka brokers to read telemetry from and write results to.");
    public static final ConfigOption<String> KAFKA_GROUP = ConfigOptions.key("kafka.group-id")
            .stringType().defaultValue("hcl").withDescription("Consumer group of the telemetry source.");
    public static final ConfigOption<String> KAFKA_OFFSETS = ConfigOptions.key("kafka.starting-offsets")
            .stringType().defaultValue("committed").withDescription("Where a fresh job starts reading: committed (falling back to earliest), earliest or latest. A restore from a checkpoint or savepoint always resumes where it was.");
    public static final ConfigOption<String> TOPIC_TELEMETRY = ConfigOptions.key("kafka.topic.telemetry")
            .stringType().defaultValue(Topics.TELEMETRY_RAW).withDescription("Input topic of raw telemetry.");
    public static final ConfigOption<String> TOPIC_DLQ = ConfigOptions.key("kafka.topic.dlq")
            .stringType().defaultValue(Topics.TELEMETRY_DLQ).withDescription("Dead-letter topic for telemetry that could not be used.");
    public static final ConfigOption<String> TOPIC_DECISIONS = ConfigOptions.key("kafka.topic.decisions")
            .stringType().defaultValue(Topics.DECISIONS).withDescription("Output topic of decisions.");
    public static final ConfigOption<String> TOPIC_ACTIONS = ConfigOptions.key("kafka.topic.actions")
            .stringType().defaultValue(Topics.ACTIONS).withDescription("Output topic of action events: every action result as it happens (dry run, executed, failed, awaiting approval, denied, reverted).");
    public static final ConfigOption<String> TOPIC_APPROVALS = ConfigOptions.key("kafka.topic.approvals")
            .stringType().defaultValue(Topics.APPROVALS).withDescription("Input topic of humans' approval answers, published by the decision API (hcl api --kafka-bootstrap-servers); malformed answers are logged and dropped. Read from the committed offsets (earliest when none), the topic may be created after the job starts.");
    public static final ConfigOption<String> TOPIC_ANALYSIS = ConfigOptions.key("kafka.topic.analysis")
            .stringType().defaultValue(Topics.ANALYSIS).withDescription("Output topic of anomalous analysis events.");
    public static final ConfigOption<String> JDBC_URL = ConfigOptions.key("jdbc.url")
            .stringType().defaultValue("jdbc:postgresql://localhost:5432/hcl").withDescription("Knowledge base (PostgreSQL/TimescaleDB). Empty: decisions go to Kafka only.");
    public static final ConfigOption<String> JDBC_USER = ConfigOptions.key("jdbc.user")
            .stringType().defaultValue("hcl").withDescription("Knowledge-base user. The password comes from HCL_JDBC_PASSWORD or jdbc.password-file.");
    public static final ConfigOption<String> JDBC_PASSWORD_FILE = ConfigOptions.key("jdbc.password-file")
            .stringType().defaultValue("").withDescription("A mounted file holding the knowledge-base password (used when HCL_JDBC_PASSWORD is unset).");
    public static final ConfigOption<Boolean> JDBC_MIGRATE = ConfigOptions.key("jdbc.migrate")
            .booleanType().defaultValue(true).withDescription("Apply the knowledge-base schema migrations when the job is submitted.");
    public static final ConfigOption<Integer> JDBC_BATCH = ConfigOptions.key("jdbc.batch-size")
            .intType().defaultValue(500).withDescription("Decisions per JDBC batch.");
    public static final ConfigOption<Duration> JDBC_BATCH_INTERVAL = ConfigOptions.key("jdbc.batch-interval")
            .durationType().defaultValue(Duration.ofSeconds(1)).withDescription("Longest a decision waits for its batch.");
    public static final ConfigOption<Duration> JDBC_OUTAGE_TOLERANCE = ConfigOptions.key("jdbc.outage-tolerance")
            .durationType().defaultValue(Duration.ofMinutes(5)).withDescription("How long the knowledge-base sinks wait for an unreachable database (reconnecting with back-off 1 s doubling to 10 s) while back-pressuring the job, before it fails over to its checkpoint. Every JDBC statement of the job is idempotent, so a retried batch writes nothing twice.");
    public static final ConfigOption<Integer> JDBC_RETRIES = ConfigOptions.key("jdbc.max-retries")
            .intType().defaultValue(5).withDescription("Retries of a failed batch before the job fails over (and retries from its checkpoint).");
    public static final ConfigOption<Boolean> JDBC_TELEMETRY = ConfigOptions.key("jdbc.telemetry-history")
            .booleanType().defaultValue(true).withDescription("Also write every valid snapshot to hcl_telemetry (the knowledge base's telemetry history, batched).");
    public static final ConfigOption<Duration> OUT_OF_ORDERNESS = ConfigOptions.key("watermark.out-of-orderness")
            .durationType().defaultValue(Duration.ofSeconds(30)).withDescription("How late a snapshot may arrive and still count in its window.");
    public static final ConfigOption<Duration> IDLENESS = ConfigOptions.key("watermark.idleness")
            .durationType().defaultValue(Duration.ofMinutes(1)).withDescription("After this long without records a source split stops holding back the watermark.");
    public static final ConfigOption<Duration> WINDOW = ConfigOptions.key("plan.window")
            .durationType().defaultValue(Duration.ofMinutes(1)).withDescription("Size of the per-service windows the plan stage matches patterns on.");
    public static final ConfigOption<Duration> STATE_TTL = ConfigOptions.key("analyze.state-ttl")
            .durationType().defaultValue(Duration.ofHours(24)).withDescription("A host's statistics are dropped after this long without telemetry.");
    public static final ConfigOption<Double> Z_THRESHOLD = ConfigOptions.key("analyze.z-threshold")
            .doubleType().defaultValue(5.0).withDescription("|z| at which the baseline detector calls a snapshot anomalous.");
    public static final ConfigOption<Double> HALF_LIFE = ConfigOptions.key("analyze.half-life")
            .doubleType().defaultValue(240.0).withDescription("Snapshots after which an old snapshot's weight in the baseline halves (240 x 15 s = 1 h).");
    public static final ConfigOption<String> DETECTOR = ConfigOptions.key("analyze.detector")
            .stringType().defaultValue("attention").withDescription("attention: the trained anomaly models (Isolation Forest + PCA + LSTM autoencoder on ONNX Runtime) behind the peripheral/foveal attention system; baseline: exponentially weighted z-scores only.");
    public static final ConfigOption<String> ANOMALY_MODEL = ConfigOptions.key("analyze.anomaly-model")
            .stringType().defaultValue("builtin").withDescription("The anomaly model artifact (a directory written by hcl train anomaly), or builtin for the fleet artifact shipped in the jar. Services it has no model for are scored by the baseline.");
    public static final ConfigOption<String> ANOMALY_MODEL_VERSION = ConfigOptions.key("analyze.anomaly-model-version")
            .stringType().defaultValue("").withDescription("If set (not empty), the job refuses to start unless the artifact has this model version.");
    public static final ConfigOption<Double> ATTENTION_SAMPLE_RATE = ConfigOptions.key("analyze.sample-rate")
            .doubleType().defaultValue(0.01).withDescription("Share of otherwise skipped snapshots the foveal tier analyzes at random (seeded per key), so drift is noticed.");
    public static final ConfigOption<Double> ATTENTION_BUDGET = ConfigOptions.key("analyze.foveal-budget")
            .doubleType().defaultValue(0.1).withDescription("Sustained share of each key's snapshots the foveal tier may analyze (token bucket; bursts of 1000).");
    public static final ConfigOption<Long> ATTENTION_SEED = ConfigOptions.key("analyze.seed")
            .longType().defaultValue(42L).withDescription("Seed of the foveal tier's random samples (mixed with each key).");
    public static final ConfigOption<Double> CPU_HIGH = ConfigOptions.key("rules.cpu-high")
            .doubleType().defaultValue(80.0).withDescription("Mean cpu_usage (%) of a service above which a window is hot.");
    public static final ConfigOption<Integer> CPU_WINDOWS = ConfigOptions.key("rules.cpu-windows")
            .intType().defaultValue(5).withDescription("Consecutive hot windows that scale a service up.");
    public static final ConfigOption<Integer> ERROR_WINDOWS = ConfigOptions.key("rules.error-windows")
            .intType().defaultValue(3).withDescription("Consecutive windows of rising error_rate that restart a service.");
    public static final ConfigOption<Double> ERROR_STEP = ConfigOptions.key("rules.error-step-ratio")
            .doubleType().defaultValue(1.2).withDescription("Each window's error_rate must be at least this multiple of the one before.");
    public static final ConfigOption<Double> ERROR_FLOOR = ConfigOptions.key("rules.error-floor")
            .doubleType().defaultValue(1.0).withDescription("The last window of a rising run must reach this error_rate (errors/s).");
    public static final ConfigOption<Boolean> FAILURE_ENABLED = ConfigOptions.key("failure.enabled")
            .booleanType().defaultValue(true).withDescription("Predict host failures (P(failure in 10-30 min)) and notify on alarms (rule failure-predicted).");
    public static final ConfigOption<String> FAILURE_MODEL = ConfigOptions.key("failure.model")
            .stringType().defaultValue("").withDescription("Failure model artifact directory (from hcl train failure). Empty: the model bundled with HCL (trained on a generated fleet).");
    public static final ConfigOption<Double> FAILURE_THRESHOLD = ConfigOptions.key("failure.threshold")
            .doubleType().defaultValue(0.0).withDescription("Probability at which a row counts toward a failure alarm. 0: the model's own threshold (chosen in training).");
    public static final ConfigOption<Integer> FAILURE_CONFIRM_ROWS = ConfigOptions.key("failure.confirm-rows")
            .intType().defaultValue(2).withDescription("Consecutive one-minute rows at or above the threshold that raise a failure alarm.");
    public static final ConfigOption<Double> FAILURE_CLEAR_RATIO = ConfigOptions.key("failure.clear-ratio")
            .doubleType().defaultValue(0.5).withDescription("A failure alarm clears after failure.clear-rows rows below this fraction of the threshold (hysteresis).");
    public static final ConfigOption<Integer> FAILURE_CLEAR_ROWS = ConfigOptions.key("failure.clear-rows")
            .intType().defaultValue(5).withDescription("Consecutive low rows that clear a failure alarm.");
    public static final ConfigOption<Boolean> FORECAST_ENABLED = ConfigOptions.key("forecast.enabled")
            .booleanType().defaultValue(true).withDescription("Run the demand forecaster per service (SARIMA on 15-minute points; forecasts to the analysis topic, forecast-peak scale-ups to the plan stage).");
    public static final ConfigOption<String> FORECAST_METRIC = ConfigOptions.key("forecast.metric")
            .stringType().defaultValue("cpu_usage").withDescription("The demand metric forecast: its mean over the service's hosts (cpu_usage, the metric the CPU threshold of the plan stage is on; or e.g. throughput).");
    public static final ConfigOption<Duration> FORECAST_STEP = ConfigOptions.key("forecast.step")
            .durationType().defaultValue(Duration.ofMinutes(15)).withDescription("Resolution of the forecast series (event time); must divide one day. The season is one day of steps.");
    public static final ConfigOption<String> FORECAST_ORDER = ConfigOptions.key("forecast.order")
            .stringType().defaultValue("1,1,1,1,1,1").withDescription("SARIMA orders p,d,q,P,D,Q (the seed's (1,1,1)(1,1,1,s)).");
    public static final ConfigOption<Integer> FORECAST_WEEKLY = ConfigOptions.key("forecast.weekly-harmonics")
            .intType().defaultValue(8).withDescription("Weekly Fourier harmonics as calendar regressors (used once two weeks of history are held).");
    public static final ConfigOption<Duration> FORECAST_REFIT = ConfigOptions.key("forecast.refit-interval")
            .durationType().defaultValue(Duration.ofHours(1)).withDescription("Event time between refits of a service's model; fits run off the task thread and are swapped in at the next point.");
    public static final ConfigOption<Duration> FORECAST_TRAIN = ConfigOptions.key("forecast.train-window")
            .durationType().defaultValue(Duration.ofDays(28)).withDescription("History held per service and fitted on (28 days = 2688 points of 15 minutes).");
    public static final ConfigOption<Duration> FORECAST_MIN_HISTORY = ConfigOptions.key("forecast.min-history")
            .durationType().defaultValue(Duration.ofDays(2)).withDescription("History a service needs before its first fit (without forecast.artifact no forecast comes earlier).");
    public static final ConfigOption<Integer> FORECAST_EVALUATIONS = ConfigOptions.key("forecast.max-evaluations")
            .intType().defaultValue(400).withDescription("Likelihood evaluations allowed per fit (bounds a fit's cost).");
    public static final ConfigOption<Double> FORECAST_COVERAGE = ConfigOptions.key("forecast.coverage")
            .doubleType().defaultValue(0.9).withDescription("Central coverage of the prediction intervals.");
    public static final ConfigOption<Duration> FORECAST_PEAK_HORIZON = ConfigOptions.key("forecast.peak-horizon")
            .durationType().defaultValue(Duration.ofHours(1)).withDescription("A forecast peak above rules.cpu-high within this horizon scales the service up ahead of time (rule forecast-peak).");
    public static final ConfigOption<String> FORECAST_ARTIFACT = ConfigOptions.key("forecast.artifact")
            .stringType().defaultValue("").withDescription("Trained forecast models services start from before their own first fit (forecasts after about a day of history instead of forecast.min-history): an artifact directory (hcl train forecast) for every service, or a directory of artifacts (the TrainingJob's) where each service takes the newest trained on it. Read when the job is built.");
    public static final ConfigOption<Integer> FORECAST_FIT_THREADS = ConfigOptions.key("forecast.fit-threads")
            .intType().defaultValue(1).withDescription("Threads fitting forecast models, per parallel instance of the forecaster.");
    public static final ConfigOption<Duration> FORECAST_FIT_TIMEOUT = ConfigOptions.key("forecast.fit-timeout")
            .durationType().defaultValue(Duration.ofMinutes(2)).withDescription("Longest the stream waits at a service's next point for its fit (only when input runs faster than wall time, e.g. a replay).");
    public static final ConfigOption<Duration> FORECAST_STATE_TTL = ConfigOptions.key("forecast.state-ttl")
            .durationType().defaultValue(Duration.ofDays(7)).withDescription("A service's forecast state is dropped after this long without windows.");
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("job.checkpoint-interval")
            .durationType().defaultValue(Duration.ofSeconds(30)).withDescription("Checkpoint interval (0 disables). Kafka offsets and all keyed state are checkpointed.");

    public static final ConfigOption<Boolean> EXECUTE_DRY_RUN = ConfigOptions.key("execute.dry-run")
            .booleanType().defaultValue(true).withDescription("Global dry-run switch of the execute stage: true records exactly the call each action would make and touches nothing. Each actuator has its own switch too (HCL_<NAME>_DRY_RUN, true unless set to false); an action runs only when both are off.");
    public static final ConfigOption<String> EXECUTE_ACTUATORS = ConfigOptions.key("execute.actuators")
            .stringType().defaultValue("").withDescription("Actuators to configure on the task managers, comma-separated: redis, nginx, postgres, pgbouncer, kubernetes, docker (each from its HCL_* environment). Empty: none, actions are described by the dry-run describer.");
    public static final ConfigOption<String> EXECUTE_ACTION_LOG = ConfigOptions.key("execute.action-log")
            .stringType().defaultValue("").withDescription("Where executed actions are journaled by idempotency key, so none runs twice after a restart: file:/DIR (one task manager) or a jdbc:postgresql: URL (table hcl_action_log; user jdbc.user, password from HCL_JDBC_PASSWORD). Required when execute.dry-run=false.");
    public static final ConfigOption<Duration> EXECUTE_TIMEOUT = ConfigOptions.key("execute.timeout")
            .durationType().defaultValue(Duration.ofSeconds(30)).withDescription("Longest the execute stage waits for one plan's actuator calls before reporting a timeout (async I/O).");
    public static final ConfigOption<Integer> EXECUTE_CAPACITY = ConfigOptions.key("execute.capacity")
            .intType().defaultValue(100).withDescription("Plans in flight in the async execute stage at once, per parallel instance.");
    public static final ConfigOption<Integer> EXECUTE_THREADS = ConfigOptions.key("execute.threads")
            .intType().defaultValue(4).withDescription("Threads calling actuators, per parallel instance.");
    public static final ConfigOption<Integer> EXECUTE_MAX_REPLICAS = ConfigOptions.key("execute.max-replicas")
            .intType().defaultValue(50).withDescription("Hard limit: never more replicas than this (never fewer than 1).");
    public static final ConfigOption<Double> EXECUTE_CPU_CAPACITY = ConfigOptions.key("execute.cpu-capacity")
            .doubleType().defaultValue(4.0).withDescription("Cores the 10% CPU floor is judged against.");
    public static final ConfigOption<Double> EXECUTE_MEMORY_CAPACITY = ConfigOptions.key("execute.memory-capacity")
            .doubleType().defaultValue(17179869184.0).withDescription("Bytes the 90% memory ceiling is judged against.");
    public static final ConfigOption<String> EXECUTE_ON_VIOLATION = ConfigOptions.key("execute.on-violation")
            .stringType().defaultValue("CLIP").withDescription("CLIP a plan outside the hard limits to the limit, or REFUSE it; the decision says which.");
    public static final ConfigOption<Boolean> EXECUTE_PRODUCTION = ConfigOptions.key("execute.production")
            .booleanType().defaultValue(false).withDescription("Production: kill_slow_queries needs a human's approval too (drain_node and a service restart always do).");
    public static final ConfigOption<Duration> EXECUTE_CRITICAL_INTERVAL = ConfigOptions.key("execute.critical-interval")
            .durationType().defaultValue(Duration.ofMinutes(1)).withDescription("At most one critical action per scope per this interval.");
    public static final ConfigOption<Duration> EXECUTE_COOL_DOWN = ConfigOptions.key("execute.cool-down")
            .durationType().defaultValue(Duration.ofMinutes(5)).withDescription("A scaling action reversing the previous one within this is refused (no oscillation).");
    public static final ConfigOption<Duration> EXECUTE_SEEN_TTL = ConfigOptions.key("execute.seen-keys-ttl")
            .durationType().defaultValue(Duration.ofDays(7)).withDescription("How long keyed state remembers the idempotency keys it has gated.");
    public static final ConfigOption<Duration> EXECUTE_APPROVAL_TIMEOUT = ConfigOptions.key("execute.approval-timeout")
            .durationType().defaultValue(Duration.ofMinutes(15)).withDescription("An action waiting for approval longer than this is denied.");
    public static final ConfigOption<Duration> EXECUTE_ROLLBACK_DELAY = ConfigOptions.key("execute.rollback-delay")
            .durationType().defaultValue(Duration.ofSeconds(60)).withDescription("Event time after an executed action at which its service's key metrics are compared with before.");
    public static final ConfigOption<Double> EXECUTE_ROLLBACK_THRESHOLD = ConfigOptions.key("execute.rollback-threshold")
            .doubleType().defaultValue(0.20).withDescription("An action is reverted when a key metric got worse by more than this share.");
    public static final ConfigOption<String> EXECUTE_ROLLBACK_METRICS = ConfigOptions.key("execute.rollback-metrics")
            .stringType().defaultValue(String.join(",", ExecuteConfig.DEFAULT_ROLLBACK_METRICS))
            .withDescription("The key metrics the rollback watcher compares, comma-separated (empty: every metric).");

    private HclOptions() {
    }

    /** Every option, in documentation order. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> all = new ArrayList<>();
        for (java.lang.reflect.Field f : HclOptions.class.getFields()) {
            if (f.getType() == ConfigOption.class) {
                try {
                    all.add((ConfigOption<?>) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return all;
    }

    /**
     * Reads {@code --key value} pairs; {@code --config FILE} loads a properties file first, which the command line
     * then overrides. Unknown keys are refused, so a typo never silently falls back to a default.
     */
    public static Configuration fromArgs(String[] args) throws IOException {
        Map<String, String> cli = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("expected --key value, got: " + a);
            }
            String key = a.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option --" + key + " needs a value");
            }
            cli.put(key, value);
        }
        Map<String, String> merged = new HashMap<>();
        String file = cli.remove("config");
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of(file))) {
                p.load(r);
            }
            p.forEach((k, v) -> merged.put(k.toString(), v.toString().trim()));
        }
        merged.putAll(cli);
        List<String> known = all().stream().map(ConfigOption::key).toList();
        for (String k : merged.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown option: " + k + " (see flink-conf/hcl.properties)");
            }
        }
        return Configuration.fromMap(merged);
    }

    /** Whether the analyze stage runs the trained models behind attention (else the baseline); refuses other values. */
    public static boolean attentionDetector(Configuration conf) {
        String d = conf.get(DETECTOR);
        if (!d.equals("attention") && !d.equals("baseline")) {
            throw new IllegalArgumentException("analyze.detector must be attention or baseline, got: " + d);
        }
        return d.equals("attention");
    }

    /** The attention settings from these options (the evaluated defaults otherwise). */
    public static io.maximus.hcl.models.attention.AttentionAnalyzer.Settings attentionSettings(Configuration conf) {
        var d = io.maximus.hcl.models.attention.AttentionAnalyzer.Settings.defaults();
        double sample = conf.get(ATTENTION_SAMPLE_RATE);
        double budget = conf.get(ATTENTION_BUDGET);
        if (!(sample >= 0 && sample <= 1) || !(budget > 0 && budget <= 1)) {
            throw new IllegalArgumentException("analyze.sample-rate must be in [0, 1] and analyze.foveal-budget in (0, 1]");
        }
        return new io.maximus.hcl.models.attention.AttentionAnalyzer.Settings(d.peripheralAlpha(), d.peripheralFloor(),
                d.quantile(), d.absoluteLevel(), d.hold(), sample, d.budgetCapacity(), budget, d.fixation());
    }

    /** The execute stage's configuration from these options (no secrets: those are read on the task managers). */
    /** The failure predictor the options describe: the configured or bundled model with its alarm settings. */
    public static FailureMonitor failureMonitor(Configuration conf) {
        String dir = conf.get(FAILURE_MODEL);
        FleetFailureModel model = dir.isBlank() ? FleetFailureModel.loadBundled() : FleetFailureModel.load(Path.of(dir));
        double threshold = conf.get(FAILURE_THRESHOLD) > 0 ? conf.get(FAILURE_THRESHOLD) : model.threshold();
        return new FailureMonitor(model, new FailureMonitor.Config(threshold, conf.get(FAILURE_CLEAR_RATIO),
                conf.get(FAILURE_CONFIRM_ROWS), conf.get(FAILURE_CLEAR_ROWS), 3));
    }

    public static ExecuteConfig executeConfig(Configuration conf) {
        List<String> actuators = new ArrayList<>();
        for (String a : conf.get(EXECUTE_ACTUATORS).split(",")) {
            if (!a.isBlank()) {
                actuators.add(a.trim().toLowerCase(Locale.ROOT));
            }
        }
        List<String> metrics = new ArrayList<>();
        for (String m : conf.get(EXECUTE_ROLLBACK_METRICS).split(",")) {
            if (!m.isBlank()) {
                metrics.add(m.trim());
            }
        }
        String log = conf.get(EXECUTE_ACTION_LOG);
        return new ExecuteConfig(conf.get(EXECUTE_DRY_RUN),
                actuators.isEmpty() ? ActuatorFactory.none()
                        : ActuatorFactory.fromEnvironment(actuators),
                log.isBlank() ? null : ActionLogFactory.parse(log, conf.get(JDBC_USER)),
                conf.get(EXECUTE_MAX_REPLICAS), conf.get(EXECUTE_CPU_CAPACITY), conf.get(EXECUTE_MEMORY_CAPACITY),
                HardLimits.OnViolation.valueOf(
                        conf.get(EXECUTE_ON_VIOLATION).trim().toUpperCase(Locale.ROOT)),
                conf.get(EXECUTE_PRODUCTION), conf.get(EXECUTE_CRITICAL_INTERVAL), conf.get(EXECUTE_COOL_DOWN),
                conf.get(EXECUTE_TIMEOUT), conf.get(EXECUTE_CAPACITY), conf.get(EXECUTE_THREADS),
                conf.get(EXECUTE_SEEN_TTL), conf.get(EXECUTE_APPROVAL_TIMEOUT), conf.get(EXECUTE_ROLLBACK_DELAY),
                conf.get(EXECUTE_ROLLBACK_THRESHOLD), metrics);
    }

    /**
     * The demand forecaster of these options; reads {@code forecast.artifact} (when set) here, on the client, so the
     * trained model ships with the job graph and a bad artifact fails the submission with a clear message.
     */
    public static DemandForecastOperator demandForecastOperator(Configuration conf) {
        long step = conf.get(FORECAST_STEP).toSeconds();
        long stepMs = step * 1000;
        String[] o = conf.get(FORECAST_ORDER).split(",");
        if (o.length != 6) {
            throw new IllegalArgumentException("forecast.order needs p,d,q,P,D,Q (6 numbers): " + conf.get(FORECAST_ORDER));
        }
        int[] orders = new int[6];
        for (int i = 0; i < 6; i++) {
            orders[i] = Integer.parseInt(o[i].trim());
        }
        DemandForecaster forecaster = new DemandForecaster(new DemandForecaster.Config(conf.get(FORECAST_METRIC), step,
                orders, conf.get(FORECAST_WEEKLY), (int) (conf.get(FORECAST_TRAIN).toMillis() / stepMs),
                (int) (conf.get(FORECAST_MIN_HISTORY).toMillis() / stepMs),
                (int) Math.max(1, conf.get(FORECAST_REFIT).toMillis() / stepMs), conf.get(FORECAST_EVALUATIONS),
                conf.get(FORECAST_COVERAGE), (int) Math.max(1, conf.get(FORECAST_PEAK_HORIZON).toMillis() / stepMs)));
        Map<String, SarimaModel> initial = Map.of();
        String artifact = conf.get(FORECAST_ARTIFACT);
        if (!artifact.isBlank()) {
            try {
                initial = ForecastArtifact.loadForServices(Path.of(artifact));
            } catch (IOException e) {
                throw new IllegalArgumentException("forecast.artifact: " + e.getMessage(), e);
            }
        }
        return new DemandForecastOperator(forecaster, new ForecastPeakRule(conf.get(CPU_HIGH), 1), initial,
                conf.get(FORECAST_FIT_THREADS), conf.get(FORECAST_FIT_TIMEOUT), conf.get(FORECAST_STATE_TTL));
    }

    /**
     * The knowledge-base password ({@link Secrets}): {@code HCL_JDBC_PASSWORD}, else the file named by
     * {@code HCL_JDBC_PASSWORD_FILE}, else the one named by {@code jdbc.password-file}; empty when none is set.
     */
    public static String jdbcPassword(Configuration conf) {
        return Secrets.fromEnvironment("HCL_JDBC_PASSWORD", conf.get(JDBC_PASSWORD_FILE));
    }
}
