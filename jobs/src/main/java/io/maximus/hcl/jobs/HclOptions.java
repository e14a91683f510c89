package io.maximus.hcl.jobs;

import io.maximus.hcl.core.InputBounds;
import io.maximus.hcl.core.KafkaSecurity;
import io.maximus.hcl.core.Secrets;
import io.maximus.hcl.core.StreamClock;
import io.maximus.hcl.core.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
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
            .stringType()
            .defaultValue("localhost:9092")
            .withDescription("Kafka brokers to read telemetry from and write results to.");
    public static final ConfigOption<String> KAFKA_GROUP = ConfigOptions.key("kafka.group-id")
            .stringType()
            .defaultValue("hcl")
            .withDescription("Consumer group of the telemetry source.");
    public static final ConfigOption<String> KAFKA_OFFSETS = ConfigOptions.key("kafka.starting-offsets")
            .stringType()
            .defaultValue("committed")
            .withDescription(
                    "Where a fresh job starts reading: committed (falling back to earliest), earliest or latest. A restore from a checkpoint or savepoint always resumes where it was.");
    public static final ConfigOption<String> KAFKA_DELIVERY = ConfigOptions.key("kafka.delivery")
            .stringType()
            .defaultValue("at-least-once")
            .withDescription(
                    "Delivery of decisions and action events to Kafka: at-least-once (after a restart a record may be written again; consumers dedupe by id) or exactly-once (Kafka transactions committed with each checkpoint: a read_committed consumer sees each record once, when the checkpoint that covers it completes; transactions time out after 15 min, the broker's default maximum).");
    public static final ConfigOption<String> KAFKA_SECURITY_PROTOCOL = ConfigOptions.key(KafkaSecurity.PROTOCOL)
            .stringType()
            .defaultValue("auto")
            .withDescription(
                    "Security protocol of every Kafka client of the job: PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL, or auto (SASL_PLAINTEXT when HCL_KAFKA_SASL_JAAS_CONFIG or HCL_KAFKA_SASL_JAAS_CONFIG_FILE is set, else PLAINTEXT). The JAAS line and the store passwords are secrets (docs/security.md).");
    public static final ConfigOption<String> KAFKA_SASL_MECHANISM = ConfigOptions.key(KafkaSecurity.SASL_MECHANISM)
            .stringType()
            .defaultValue("SCRAM-SHA-512")
            .withDescription("SASL mechanism of the Kafka clients (SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN).");
    public static final ConfigOption<String> KAFKA_JAAS_FILE = ConfigOptions.key(KafkaSecurity.JAAS_FILE)
            .stringType()
            .defaultValue("")
            .withDescription(
                    "File holding the Kafka clients' JAAS line, read when HCL_KAFKA_SASL_JAAS_CONFIG and HCL_KAFKA_SASL_JAAS_CONFIG_FILE are unset.");
    public static final ConfigOption<String> KAFKA_TRUSTSTORE = ConfigOptions.key(KafkaSecurity.TRUSTSTORE)
            .stringType()
            .defaultValue("")
            .withDescription(
                    "TLS truststore of the Kafka clients (SSL, SASL_SSL); its password from HCL_KAFKA_SSL_TRUSTSTORE_PASSWORD(_FILE). Empty: the JVM's trusted CAs.");
    public static final ConfigOption<String> KAFKA_KEYSTORE = ConfigOptions.key(KafkaSecurity.KEYSTORE)
            .stringType()
            .defaultValue("")
            .withDescription(
                    "TLS keystore with the client certificate for mutual TLS; its password from HCL_KAFKA_SSL_KEYSTORE_PASSWORD(_FILE). Empty: no client certificate.");
    public static final ConfigOption<String> KAFKA_STORE_TYPE = ConfigOptions.key(KafkaSecurity.STORE_TYPE)
            .stringType()
            .defaultValue("PKCS12")
            .withDescription("Type of the Kafka truststore and keystore (PKCS12 or JKS).");
    public static final ConfigOption<String> TOPIC_TELEMETRY = ConfigOptions.key("kafka.topic.telemetry")
            .stringType()
            .defaultValue(Topics.TELEMETRY_RAW)
            .withDescription("Input topic of raw telemetry.");
    public static final ConfigOption<String> TOPIC_DLQ = ConfigOptions.key("kafka.topic.dlq")
            .stringType()
            .defaultValue(Topics.TELEMETRY_DLQ)
            .withDescription("Dead-letter topic for telemetry that could not be used.");
    public static final ConfigOption<String> TOPIC_DECISIONS = ConfigOptions.key("kafka.topic.decisions")
            .stringType()
            .defaultValue(Topics.DECISIONS)
            .withDescription("Output topic of decisions.");
    public static final ConfigOption<String> TOPIC_ACTIONS = ConfigOptions.key("kafka.topic.actions")
            .stringType()
            .defaultValue(Topics.ACTIONS)
            .withDescription(
                    "Output topic of action events: every action result as it happens (dry run, executed, failed, awaiting approval, denied, reverted).");
    public static final ConfigOption<String> TOPIC_APPROVALS = ConfigOptions.key("kafka.topic.approvals")
            .stringType()
            .defaultValue(Topics.APPROVALS)
            .withDescription(
                    "Input topic of humans' approval answers, published by the decision API (hcl api --kafka-bootstrap-servers); malformed answers are logged and dropped. Read from the committed offsets (earliest when none), the topic may be created after the job starts.");
    public static final ConfigOption<String> TOPIC_ANALYSIS = ConfigOptions.key("kafka.topic.analysis")
            .stringType()
            .defaultValue(Topics.ANALYSIS)
            .withDescription("Output topic of anomalous analysis events.");
    public static final ConfigOption<String> JDBC_URL = ConfigOptions.key("jdbc.url")
            .stringType()
            .defaultValue("jdbc:postgresql://localhost:5432/hcl")
            .withDescription("Knowledge base (PostgreSQL/TimescaleDB). Empty: decisions go to Kafka only.");
    public static final ConfigOption<String> JDBC_USER = ConfigOptions.key("jdbc.user")
            .stringType()
            .defaultValue("hcl")
            .withDescription("Knowledge-base user. The password comes from HCL_JDBC_PASSWORD or jdbc.password-file.");
    public static final ConfigOption<String> JDBC_PASSWORD_FILE = ConfigOptions.key("jdbc.password-file")
            .stringType()
            .defaultValue("")
            .withDescription(
                    "A mounted file holding the knowledge-base password (used when HCL_JDBC_PASSWORD is unset).");
    public static final ConfigOption<Boolean> JDBC_MIGRATE = ConfigOptions.key("jdbc.migrate")
            .booleanType()
            .defaultValue(true)
            .withDescription("Apply the knowledge-base schema migrations when the job is submitted.");
    public static final ConfigOption<Integer> JDBC_BATCH = ConfigOptions.key("jdbc.batch-size")
            .intType()
            .defaultValue(500)
            .withDescription("Decisions per JDBC batch.");
    public static final ConfigOption<Duration> JDBC_BATCH_INTERVAL = ConfigOptions.key("jdbc.batch-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withDescription("Longest a decision waits for its batch.");
    public static final ConfigOption<Duration> JDBC_OUTAGE_TOLERANCE = ConfigOptions.key("jdbc.outage-tolerance")
            .durationType()
            .defaultValue(Duration.ofMinutes(5))
            .withDescription(
                    "How long the knowledge-base sinks wait for an unreachable database (reconnecting with back-off 1 s doubling to 10 s) while back-pressuring the job, before it fails over to its checkpoint. Every JDBC statement of the job is idempotent, so a retried batch writes nothing twice.");
    public static final ConfigOption<Integer> JDBC_RETRIES = ConfigOptions.key("jdbc.max-retries")
            .intType()
            .defaultValue(5)
            .withDescription("Retries of a failed batch before the job fails over (and retries from its checkpoint).");
    public static final ConfigOption<Boolean> JDBC_TELEMETRY = ConfigOptions.key("jdbc.telemetry-history")
            .booleanType()
            .defaultValue(true)
            .withDescription(
                    "Also write every valid snapshot to hcl_telemetry (the knowledge base's telemetry history, batched).");
    public static final ConfigOption<InputReference> INPUT_REFERENCE = ConfigOptions.key("input.reference")
            .enumType(InputReference.class)
            .defaultValue(InputReference.STREAM)
            .withDescription(
                    "What a record's event time is judged against (any case). STREAM (live and replay): never more than input.max-future-skew ahead of processing time, nor of the newest accepted event time (a jump is taken once 8 records in a row from input.confirming-hosts distinct hosts agree), nor more than input.max-lateness behind it; PROCESSING_TIME: within the window around this task's processing time (strict live); NONE: no window.");
    public static final ConfigOption<Integer> INPUT_CONFIRMING_HOSTS = ConfigOptions.key("input.confirming-hosts")
            .intType()
            .defaultValue(StreamClock.DEFAULT_CONFIRMING_HOSTS)
            .withDescription(
                    "Distinct hosts that must agree before event time moves: the stream's event time (input.reference=stream) and the watermark follow the newest event time reached by this many hosts (by all of them while fewer are known), and a jump ahead is taken only when the 8 records in a row that confirm it come from this many distinct hosts. Fewer hosts (a skewed clock, a hostile producer) cannot move event time; 1 restores the newest-record rule.");
    public static final ConfigOption<Duration> INPUT_HOST_TIMEOUT = ConfigOptions.key("input.host-timeout")
            .durationType()
            .defaultValue(StreamClock.DEFAULT_HOST_TIMEOUT)
            .withDescription(
                    "A host silent this long (processing time) no longer counts toward input.confirming-hosts, so a fleet that shrinks is not held back by the hosts it lost.");
    public static final ConfigOption<Duration> INPUT_MAX_FUTURE_SKEW = ConfigOptions.key("input.max-future-skew")
            .durationType()
            .defaultValue(InputBounds.DEFAULTS.maxFutureSkew())
            .withDescription("How far a record's event time may be ahead of the reference (see input.reference).");
    public static final ConfigOption<Duration> INPUT_MAX_LATENESS = ConfigOptions.key("input.max-lateness")
            .durationType()
            .defaultValue(InputBounds.DEFAULTS.maxLateness())
            .withDescription("How far a record's event time may be behind the reference (see input.reference).");
    public static final ConfigOption<Integer> INPUT_MAX_RECORD_CHARS = ConfigOptions.key("input.max-record-chars")
            .intType()
            .defaultValue(InputBounds.DEFAULTS.maxRecordChars())
            .withDescription("Longest record parsed at all, in chars; a longer one is dead-lettered unread.");
    public static final ConfigOption<Integer> INPUT_MAX_METRICS = ConfigOptions.key("input.max-metrics")
            .intType()
            .defaultValue(InputBounds.DEFAULTS.maxMetrics())
            .withDescription("Most metrics in one record.");
    public static final ConfigOption<Integer> INPUT_MAX_LABELS = ConfigOptions.key("input.max-labels")
            .intType()
            .defaultValue(InputBounds.DEFAULTS.maxLabels())
            .withDescription("Most labels in one record.");
    public static final ConfigOption<Double> INPUT_MAX_ABS_VALUE = ConfigOptions.key("input.max-abs-value")
            .doubleType()
            .defaultValue(InputBounds.DEFAULTS.maxAbsValue())
            .withDescription("Largest magnitude of any metric value (percentages have their own range).");
    public static final ConfigOption<Double> INPUT_PERCENT_TOLERANCE = ConfigOptions.key("input.percent-tolerance")
            .doubleType()
            .defaultValue(InputBounds.DEFAULTS.percentTolerance())
            .withDescription("How far outside 0..100 a percentage may be (rounding, rate jitter).");
    public static final ConfigOption<Integer> INPUT_DEAD_LETTER_MAX_BYTES = ConfigOptions.key(
                    "input.dead-letter-max-bytes")
            .intType()
            .defaultValue(InputBounds.DEFAULTS.maxDeadLetterBytes())
            .withDescription(
                    "Most UTF-8 bytes of the raw record kept in a dead letter; a longer one is cut (truncated: true, original_length).");
    public static final ConfigOption<Duration> OUT_OF_ORDERNESS = ConfigOptions.key("watermark.out-of-orderness")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("How late a snapshot may arrive and still count in its window.");
    public static final ConfigOption<Duration> IDLENESS = ConfigOptions.key("watermark.idleness")
            .durationType()
            .defaultValue(Duration.ofMinutes(1))
            .withDescription("After this long without records a source split stops holding back the watermark.");
    public static final ConfigOption<Duration> WINDOW = ConfigOptions.key("plan.window")
            .durationType()
            .defaultValue(Duration.ofMinutes(1))
            .withDescription("Size of the per-service windows the plan stage matches patterns on.");
    public static final ConfigOption<Double> MODE_HIGH_CPU = ConfigOptions.key("plan.mode.high-cpu")
            .doubleType()
            .defaultValue(75.0)
            .withDescription(
                    "Mean cpu_usage (%) of a service window at or above which its operational mode is HIGH_PERFORMANCE.");
    public static final ConfigOption<Double> MODE_LOW_CPU = ConfigOptions.key("plan.mode.low-cpu")
            .doubleType()
            .defaultValue(25.0)
            .withDescription(
                    "Mean cpu_usage (%) of a calm service window below which its operational mode is ENERGY_EFFICIENT.");
    public static final ConfigOption<Double> MODE_LATENCY_SLA = ConfigOptions.key("plan.mode.latency-sla")
            .doubleType()
            .defaultValue(500.0)
            .withDescription(
                    "Mean latency_p99 (ms) of a service window at or above which the SLA is at risk (mode HIGH_PERFORMANCE).");
    public static final ConfigOption<Double> MODE_HIGH_ERROR_RATE = ConfigOptions.key("plan.mode.high-error-rate")
            .doubleType()
            .defaultValue(1.0)
            .withDescription(
                    "Mean error_rate (errors/s) of a service window at or above which the service is alerting (mode HIGH_PERFORMANCE, as with any anomalous host).");
    public static final ConfigOption<Boolean> PLAN_ENABLED = ConfigOptions.key("plan.enabled")
            .booleanType()
            .defaultValue(true)
            .withDescription(
                    "Run the capacity policy every plan.step of event time per service (operator plan-policy): the fuzzy mode with hysteresis, the policy's replica target within the hard safety constraints, as scale_deployment plans with absolute replicas, and one set_mode plan (the mode's settings) each time the mode changes. Off: only the CEP patterns and the analysis' plans.");
    public static final ConfigOption<PlanPolicy> PLAN_POLICY = ConfigOptions.key("plan.policy")
            .enumType(PlanPolicy.class)
            .defaultValue(PlanPolicy.HCL)
            .withDescription(
                    "Any case. HPA: Kubernetes' HPA algorithm (10% tolerance, scale-up at once, scale-down stabilized); PREDICTIVE: the observed demand plus headroom; HCL (what hcl eval plan calls hcl): the HPA's rule plus pre-scaling from the demand forecast while the forecast's backtest is good (the planner gets no forecast yet, so HCL scales as its HPA), with the fuzzy mode applied as set_mode; SAC: the Soft Actor-Critic agent trained in the simulator (hcl train plan), from plan.sac.model.");
    public static final ConfigOption<String> PLAN_SAC_MODEL = ConfigOptions.key("plan.sac.model")
            .stringType()
            .defaultValue("")
            .withDescription(
                    "Directory of the SAC plan artifact (manifest.json, actor.bin) written by 'hcl train plan', served when plan.policy is SAC. Unset: the artifact shipped in the models jar (models/artifacts/plan-sac).");
    public static final ConfigOption<Duration> PLAN_STEP = ConfigOptions.key("plan.step")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription(
                    "Event time between two capacity decisions of a service; a scale-up must be called for on two consecutive steps.");
    public static final ConfigOption<Double> PLAN_TARGET = ConfigOptions.key("plan.target-utilization")
            .doubleType()
            .defaultValue(0.7)
            .withDescription(
                    "The HPA's target CPU utilization (0..1), also HCL's floor; calibrate it with hcl eval plan.");
    public static final ConfigOption<Double> PLAN_PREDICTIVE_TARGET = ConfigOptions.key(
                    "plan.predictive-target-utilization")
            .doubleType()
            .defaultValue(0.65)
            .withDescription("The predictive scaler's target utilization (0..1) in BALANCED mode (policy PREDICTIVE).");
    public static final ConfigOption<Duration> PLAN_STABILIZATION = ConfigOptions.key("plan.scale-down-stabilization")
            .durationType()
            .defaultValue(Duration.ofMinutes(5))
            .withDescription("A scale-down goes no lower than the largest recommendation within this window.");
    public static final ConfigOption<Duration> PLAN_MODE_DWELL = ConfigOptions.key("plan.mode.dwell")
            .durationType()
            .defaultValue(Duration.ofHours(2))
            .withDescription(
                    "The fuzzy mode's hysteresis: a lower mode is entered only this long after the last mode change and after being called for over half of it (a higher mode after more than a minute). The default is the dwell hcl eval plan chooses on the training parts of the Azure, NASA and ASG traces (the shortest keeping the fuzzy policy to at most 4 mode changes a day there).");
    public static final ConfigOption<String> PLAN_REPLICAS_METRIC = ConfigOptions.key("plan.replicas-metric")
            .stringType()
            .defaultValue("replicas")
            .withDescription(
                    "Metric with a service's replica count. Without it the hosts that report are the ready replicas and no scale-down is proposed.");
    public static final ConfigOption<Duration> STATE_TTL = ConfigOptions.key("analyze.state-ttl")
            .durationType()
            .defaultValue(Duration.ofHours(24))
            .withDescription("A host's statistics are dropped after this long without telemetry.");
    public static final ConfigOption<Double> Z_THRESHOLD = ConfigOptions.key("analyze.z-threshold")
            .doubleType()
            .defaultValue(5.0)
            .withDescription("|z| at which the baseline detector calls a snapshot anomalous.");
    public static final ConfigOption<Double> HALF_LIFE = ConfigOptions.key("analyze.half-life")
            .doubleType()
            .defaultValue(240.0)
            .withDescription(
                    "Snapshots after which an old snapshot's weight in the baseline halves (240 x 15 s = 1 h).");
    public static final ConfigOption<Integer> BASELINE_WARMUP = ConfigOptions.key("analyze.baseline.warmup")
            .intType()
            .defaultValue(20)
            .withDescription(
                    "Snapshots of a metric the baseline detector folds in before it scores the metric at all.");
    public static final ConfigOption<Double> BASELINE_WINSOR_Z = ConfigOptions.key("analyze.baseline.winsor-z")
            .doubleType()
            .defaultValue(3.0)
            .withDescription(
                    "|z| at which the baseline detector clips a value before folding it into its statistics, so one spike barely moves the baseline.");
    public static final ConfigOption<Double> BASELINE_ABS_FLOOR = ConfigOptions.key("analyze.baseline.abs-floor")
            .doubleType()
            .defaultValue(1e-3)
            .withDescription(
                    "Smallest deviation the baseline detector divides by, in the metric's units (near-constant metrics never give huge z-scores).");
    public static final ConfigOption<Double> BASELINE_REL_FLOOR = ConfigOptions.key("analyze.baseline.rel-floor")
            .doubleType()
            .defaultValue(0.02)
            .withDescription("Smallest deviation the baseline detector divides by, as a share of the metric's |mean|.");
    public static final ConfigOption<Integer> BASELINE_SALIENT_MAX = ConfigOptions.key(
                    "analyze.baseline.salient-metrics")
            .intType()
            .defaultValue(3)
            .withDescription("Most metrics a baseline anomaly score names as salient (largest |z| first).");
    public static final ConfigOption<Detector> DETECTOR = ConfigOptions.key("analyze.detector")
            .enumType(Detector.class)
            .defaultValue(Detector.ATTENTION)
            .withDescription(
                    "Any case. ATTENTION: the trained anomaly models (Isolation Forest + PCA + LSTM autoencoder on ONNX Runtime) behind the peripheral/foveal attention system; BASELINE: exponentially weighted z-scores only.");
    public static final ConfigOption<String> ANOMALY_MODEL = ConfigOptions.key("analyze.anomaly-model")
            .stringType()
            .defaultValue("builtin")
            .withDescription(
                    "The anomaly model artifact (a directory written by hcl train anomaly), or builtin for the fleet artifact shipped in the jar. Services it has no model for are scored by the baseline.");
    public static final ConfigOption<String> ANOMALY_MODEL_VERSION = ConfigOptions.key("analyze.anomaly-model-version")
            .stringType()
            .defaultValue("")
            .withDescription(
                    "If set (not empty), the job refuses to start unless the artifact has this model version.");
    public static final ConfigOption<Double> ATTENTION_SAMPLE_RATE = ConfigOptions.key("analyze.sample-rate")
            .doubleType()
            .defaultValue(0.01)
            .withDescription(
                    "Share of otherwise skipped snapshots the foveal tier analyzes at random (seeded per key), so drift is noticed.");
    public static final ConfigOption<Double> ATTENTION_BUDGET = ConfigOptions.key("analyze.foveal-budget")
            .doubleType()
            .defaultValue(0.1)
            .withDescription(
                    "Sustained share of each key's snapshots the foveal tier may analyze (token bucket; bursts of 1000).");
    public static final ConfigOption<Long> ATTENTION_SEED = ConfigOptions.key("analyze.seed")
            .longType()
            .defaultValue(42L)
            .withDescription("Seed of the foveal tier's random samples (mixed with each key).");
    public static final ConfigOption<Double> CPU_HIGH = ConfigOptions.key("rules.cpu-high")
            .doubleType()
            .defaultValue(80.0)
            .withDescription("Mean cpu_usage (%) of a service above which a window is hot.");
    public static final ConfigOption<Integer> CPU_WINDOWS = ConfigOptions.key("rules.cpu-windows")
            .intType()
            .defaultValue(5)
            .withDescription("Consecutive hot windows that scale a service up.");
    public static final ConfigOption<Integer> SCALE_STEP = ConfigOptions.key("rules.scale-step")
            .intType()
            .defaultValue(1)
            .withDescription("Replicas a scale-up plan adds: the sustained-CPU pattern's and the forecast peak's.");
    public static final ConfigOption<Integer> ERROR_WINDOWS = ConfigOptions.key("rules.error-windows")
            .intType()
            .defaultValue(3)
            .withDescription("Consecutive windows of rising error_rate that restart a service.");
    public static final ConfigOption<Double> ERROR_STEP = ConfigOptions.key("rules.error-step-ratio")
            .doubleType()
            .defaultValue(1.2)
            .withDescription("Each window's error_rate must be at least this multiple of the one before.");
    public static final ConfigOption<Double> ERROR_FLOOR = ConfigOptions.key("rules.error-floor")
            .doubleType()
            .defaultValue(1.0)
            .withDescription("The last window of a rising run must reach this error_rate (errors/s).");
    public static final ConfigOption<Double> SLOW_QUERY_MS = ConfigOptions.key("rules.slow-query-ms")
            .doubleType()
            .defaultValue(300_000.0)
            .withDescription(
                    "Mean query_latency (ms: the oldest running query's age, e.g. from the PostgreSQL exporter) above which a window is slow; queries running longer are killed (kill_slow_queries through the PostgreSQL actuator, only HCL_PG_KILL_USERS' queries).");
    public static final ConfigOption<Integer> SLOW_QUERY_WINDOWS = ConfigOptions.key("rules.slow-query-windows")
            .intType()
            .defaultValue(3)
            .withDescription("Consecutive slow windows that kill a service's slow queries.");
    public static final ConfigOption<Double> CACHE_MEMORY_HIGH = ConfigOptions.key("rules.cache-memory-high")
            .doubleType()
            .defaultValue(90.0)
            .withDescription(
                    "Mean redis_memory_usage (% of maxmemory) at or above which a cache window counts as full (rule cache-pressure).");
    public static final ConfigOption<Double> CACHE_HIT_LOW = ConfigOptions.key("rules.cache-hit-low")
            .doubleType()
            .defaultValue(80.0)
            .withDescription(
                    "Mean cache_hit_rate (%) below which a full cache's window is under pressure; the cache's configured keys (HCL_TARGETS_REDIS, e.g. redis=batch:*) are flushed (flush_cache).");
    public static final ConfigOption<Integer> CACHE_WINDOWS = ConfigOptions.key("rules.cache-windows")
            .intType()
            .defaultValue(3)
            .withDescription("Consecutive cache-pressure windows that flush a cache's configured keys.");
    public static final ConfigOption<Double> UPSTREAM_SLOW_MS = ConfigOptions.key("rules.upstream-slow-ms")
            .doubleType()
            .defaultValue(1000.0)
            .withDescription(
                    "A host's latency_p99 (ms) above which, and above rules.upstream-slow-ratio x its peers' median, it counts as a slow upstream (rule slow-upstream: circuit_breaker open on it through the nginx actuator, HCL_TARGETS_NGINX names the upstream).");
    public static final ConfigOption<Double> UPSTREAM_ERROR_PCT = ConfigOptions.key("rules.upstream-error-pct")
            .doubleType()
            .defaultValue(20.0)
            .withDescription(
                    "A host's error_ratio (% of its answers that are 5xx) at or above which, and at or above rules.upstream-slow-ratio x its peers' median, it counts as a failing upstream in rule slow-upstream (a fast-failing instance, whose latency stays low), for rules.upstream-slow-snapshots snapshots.");
    public static final ConfigOption<Double> UPSTREAM_SLOW_RATIO = ConfigOptions.key("rules.upstream-slow-ratio")
            .doubleType()
            .defaultValue(3.0)
            .withDescription(
                    "A slow upstream's latency_p99 is above this multiple of the median of its service's other hosts.");
    public static final ConfigOption<Integer> UPSTREAM_SLOW_SNAPSHOTS = ConfigOptions.key(
                    "rules.upstream-slow-snapshots")
            .intType()
            .defaultValue(5)
            .withDescription("Consecutive slow snapshots of a host that take it out of its load balancer.");
    public static final ConfigOption<Boolean> FAILURE_ENABLED = ConfigOptions.key("failure.enabled")
            .booleanType()
            .defaultValue(true)
            .withDescription(
                    "Predict host failures (P(failure in 10-30 min)) and notify on alarms (rule failure-predicted).");
    public static final ConfigOption<String> FAILURE_MODEL = ConfigOptions.key("failure.model")
            .stringType()
            .defaultValue("")
            .withDescription(
                    "Failure model artifact directory (from hcl train failure). Empty: the model bundled with HCL (trained on a generated fleet).");
    public static final ConfigOption<Double> FAILURE_THRESHOLD = ConfigOptions.key("failure.threshold")
            .doubleType()
            .defaultValue(0.0)
            .withDescription(
                    "Probability at which a row counts toward a failure alarm. 0: the model's own threshold (chosen in training).");
    public static final ConfigOption<Integer> FAILURE_CONFIRM_ROWS = ConfigOptions.key("failure.confirm-rows")
            .intType()
            .defaultValue(2)
            .withDescription("Consecutive one-minute rows at or above the threshold that raise a failure alarm.");
    public static final ConfigOption<Double> FAILURE_CLEAR_RATIO = ConfigOptions.key("failure.clear-ratio")
            .doubleType()
            .defaultValue(0.5)
            .withDescription(
                    "A failure alarm clears after failure.clear-rows rows below this fraction of the threshold (hysteresis).");
    public static final ConfigOption<Integer> FAILURE_CLEAR_ROWS = ConfigOptions.key("failure.clear-rows")
            .intType()
            .defaultValue(5)
            .withDescription("Consecutive low rows that clear a failure alarm.");
    public static final ConfigOption<Integer> FAILURE_TOP_DRIVERS = ConfigOptions.key("failure.top-drivers")
            .intType()
            .defaultValue(3)
            .withDescription("Features a raised failure alarm names as its drivers (largest contribution first).");
    public static final ConfigOption<Boolean> FAILURE_EXHAUSTION_ENABLED = ConfigOptions.key(
                    "failure.exhaustion.enabled")
            .booleanType()
            .defaultValue(true)
            .withDescription(
                    "Follow every metric with a known ceiling per host and warn, with the predicted time to exhaustion, when its trend reaches the ceiling within failure.exhaustion.horizon (no training; combined with the failure model in one failure_risk event and one failure-predicted notify).");
    public static final ConfigOption<Duration> FAILURE_EXHAUSTION_HORIZON = ConfigOptions.key(
                    "failure.exhaustion.horizon")
            .durationType()
            .defaultValue(Duration.ofMinutes(60))
            .withDescription("Warn when a metric is predicted to reach its ceiling within this time (whole minutes).");
    public static final ConfigOption<Duration> FAILURE_EXHAUSTION_POINT = ConfigOptions.key("failure.exhaustion.point")
            .durationType()
            .defaultValue(Duration.ofMinutes(1))
            .withDescription(
                    "Length of one point of the exhaustion trend (at least 1 s). The trend's settings count points: 45 points of history before a first prediction, sub-windows of 5-20 points, 3 confirming points before a warning. One minute in production; the lab compresses time with 2 s.");
    public static final ConfigOption<Duration> FAILURE_EXHAUSTION_WINDOW = ConfigOptions.key(
                    "failure.exhaustion.window")
            .durationType()
            .defaultValue(Duration.ofHours(2))
            .withDescription(
                    "History the exhaustion trend is fitted on (at least 10 points of failure.exhaustion.point).");
    public static final ConfigOption<List<String>> FAILURE_EXHAUSTION_RESTART_METRICS = ConfigOptions.key(
                    "failure.exhaustion.restart-metrics")
            .stringType()
            .asList()
            .defaultValues()
            .withDescription(
                    "Rule exhaustion-restart: a raised exhaustion warning on one of these metrics of one instance (host) also plans a restart of that one instance (action restart, parameter instance = the host; the actuator resolves it against the deployment's live instances). Empty (the default): never; which metrics a restart cures depends on what a host is (the lab sets memory_usage, its app instances' heap against -Xmx).");
    public static final ConfigOption<List<String>> FAILURE_EXHAUSTION_CEILINGS = ConfigOptions.key(
                    "failure.exhaustion.ceilings")
            .stringType()
            .asList()
            .defaultValues(
                    "memory_usage=100",
                    "swap_usage=100",
                    "disk_usage=100",
                    "filesystem_usage=100",
                    "file_descriptors_usage=100",
                    "conntrack_usage=100")
            .withDescription(
                    "Metrics with a fixed ceiling, metric=ceiling (any *_percent metric has ceiling 100 besides; metrics starting with cpu are never followed).");
    public static final ConfigOption<List<String>> FAILURE_EXHAUSTION_PAIRS = ConfigOptions.key(
                    "failure.exhaustion.pairs")
            .stringType()
            .asList()
            .defaultValues(
                    "database_connections/database_connections_max",
                    "db_connections_active/db_connections_max",
                    "hikaricp_connections_active/hikaricp_connections_max",
                    "process_open_fds/process_max_fds",
                    "open_file_descriptors/max_file_descriptors",
                    "node_filefd_allocated/node_filefd_maximum",
                    "node_nf_conntrack_entries/node_nf_conntrack_entries_limit")
            .withDescription(
                    "Used/max metric pairs, used/max: the used metric is followed against the max metric of the same snapshot.");
    public static final ConfigOption<Boolean> FORECAST_ENABLED = ConfigOptions.key("forecast.enabled")
            .booleanType()
            .defaultValue(true)
            .withDescription(
                    "Run the demand forecaster per service (SARIMA on 15-minute points; forecasts to the analysis topic, forecast-peak scale-ups to the plan stage).");
    public static final ConfigOption<String> FORECAST_METRIC = ConfigOptions.key("forecast.metric")
            .stringType()
            .defaultValue("cpu_usage")
            .withDescription(
                    "The demand metric forecast: its mean over the service's hosts (cpu_usage, the metric the CPU threshold of the plan stage is on; or e.g. throughput).");
    public static final ConfigOption<Duration> FORECAST_STEP = ConfigOptions.key("forecast.step")
            .durationType()
            .defaultValue(Duration.ofMinutes(15))
            .withDescription(
                    "Resolution of the forecast series (event time); must divide one day. The season is one day of steps.");
    public static final ConfigOption<List<Integer>> FORECAST_ORDER = ConfigOptions.key("forecast.order")
            .intType()
            .asList()
            .defaultValues(1, 1, 1, 1, 1, 1)
            .withDescription(
                    "SARIMA orders p,d,q,P,D,Q (the seed's (1,1,1)(1,1,1,s)): six integers separated by commas or semicolons.");
    public static final ConfigOption<Integer> FORECAST_WEEKLY = ConfigOptions.key("forecast.weekly-harmonics")
            .intType()
            .defaultValue(8)
            .withDescription(
                    "Weekly Fourier harmonics as calendar regressors (used once two weeks of history are held).");
    public static final ConfigOption<Duration> FORECAST_REFIT = ConfigOptions.key("forecast.refit-interval")
            .durationType()
            .defaultValue(Duration.ofHours(1))
            .withDescription(
                    "Event time between refits of a service's model (the earliest a SARIMA refit can follow the last one when forecast.refit-drift is set; the selector's cheap candidates are refitted at this interval); fits run off the task thread and are swapped in at the next point.");
    public static final ConfigOption<Double> FORECAST_REFIT_DRIFT = ConfigOptions.key("forecast.refit-drift")
            .doubleType()
            .defaultValue(3.0)
            .withDescription(
                    "Refit a service's SARIMA model after forecast.refit-interval only when its one-step errors since the last fit have drifted: their mean squared standardized value exceeds this (3: errors 1.7 times the fitted sigma), or the history has grown by an eighth since the fit; otherwise the model only filters until forecast.max-refit-interval. 0 refits at every forecast.refit-interval.");
    public static final ConfigOption<Duration> FORECAST_MAX_REFIT = ConfigOptions.key("forecast.max-refit-interval")
            .durationType()
            .defaultValue(Duration.ofDays(1))
            .withDescription(
                    "With forecast.refit-drift: event time after which a service's SARIMA model is refitted even without drift.");
    public static final ConfigOption<Duration> FORECAST_TRAIN = ConfigOptions.key("forecast.train-window")
            .durationType()
            .defaultValue(Duration.ofDays(28))
            .withDescription("History held per service and fitted on (28 days = 2688 points of 15 minutes).");
    public static final ConfigOption<Duration> FORECAST_MIN_HISTORY = ConfigOptions.key("forecast.min-history")
            .durationType()
            .defaultValue(Duration.ofDays(2))
            .withDescription(
                    "History a service needs before its first fit (without forecast.artifact no forecast comes earlier).");
    public static final ConfigOption<Integer> FORECAST_EVALUATIONS = ConfigOptions.key("forecast.max-evaluations")
            .intType()
            .defaultValue(400)
            .withDescription("Likelihood evaluations allowed per fit (bounds a fit's cost).");
    public static final ConfigOption<Double> FORECAST_COVERAGE = ConfigOptions.key("forecast.coverage")
            .doubleType()
            .defaultValue(0.9)
            .withDescription("Central coverage of the prediction intervals.");
    public static final ConfigOption<Duration> FORECAST_PEAK_HORIZON = ConfigOptions.key("forecast.peak-horizon")
            .durationType()
            .defaultValue(Duration.ofHours(1))
            .withDescription(
                    "A forecast peak above rules.cpu-high within this horizon scales the service up ahead of time (rule forecast-peak).");
    public static final ConfigOption<String> FORECAST_ARTIFACT = ConfigOptions.key("forecast.artifact")
            .stringType()
            .defaultValue("")
            .withDescription(
                    "Trained forecast models services start from before their own first fit (forecasts after about a day of history instead of forecast.min-history): an artifact directory (hcl train forecast) for every service, or a directory of artifacts (the TrainingJob's) where each service takes the newest trained on it. Read when the job is built.");
    public static final ConfigOption<Integer> FORECAST_FIT_THREADS = ConfigOptions.key("forecast.fit-threads")
            .intType()
            .defaultValue(1)
            .withDescription("Threads fitting forecast models, per parallel instance of the forecaster.");
    public static final ConfigOption<Duration> FORECAST_FIT_TIMEOUT = ConfigOptions.key("forecast.fit-timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(2))
            .withDescription(
                    "Longest the stream waits at a service's next point for its fit (only when input runs faster than wall time, e.g. a replay).");
    public static final ConfigOption<Duration> FORECAST_STATE_TTL = ConfigOptions.key("forecast.state-ttl")
            .durationType()
            .defaultValue(Duration.ofDays(7))
            .withDescription("A service's forecast state is dropped after this long without windows.");
    public static final ConfigOption<Boolean> FORECAST_SELECT = ConfigOptions.key("forecast.select")
            .booleanType()
            .defaultValue(true)
            .withDescription(
                    "Choose each service's forecaster per horizon by rolling-origin backtest on its own history, among SARIMA, Holt-Winters, seasonal AR (daily and weekly), weekly and daily seasonal naive, and a combination; the forecast event says which model and its backtest MASE (models/README.md). false: SARIMA alone.");
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("job.checkpoint-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("Checkpoint interval (0 disables). Kafka offsets and all keyed state are checkpointed.");

    public static final ConfigOption<Boolean> EXECUTE_DRY_RUN = ConfigOptions.key("execute.dry-run")
            .booleanType()
            .defaultValue(true)
            .withDescription(
                    "Global dry-run switch of the execute stage: true records exactly the call each action would make and touches nothing. Each actuator has its own switch too (HCL_<NAME>_DRY_RUN, true unless set to false); an action runs only when both are off.");
    public static final ConfigOption<List<String>> EXECUTE_ACTUATORS = ConfigOptions.key("execute.actuators")
            .stringType()
            .asList()
            .defaultValues()
            .withDescription(
                    "Actuators to configure on the task managers, separated by commas or semicolons, any case: redis, nginx, postgres, pgbouncer, kubernetes, docker, notify, mode, local (each from its HCL_* environment; targets from HCL_TARGETS_<NAME>, see docs/execute.md). Empty: none, actions are described by the dry-run describer.");
    public static final ConfigOption<String> EXECUTE_ACTION_LOG = ConfigOptions.key("execute.action-log")
            .stringType()
            .defaultValue("")
            .withDescription(
                    "Where executed actions are journaled by idempotency key, so none runs twice after a restart: file:/DIR (one task manager) or a jdbc:postgresql: URL (table hcl_action_log; user jdbc.user, password from HCL_JDBC_PASSWORD). Required when execute.dry-run=false.");
    public static final ConfigOption<Duration> EXECUTE_TIMEOUT = ConfigOptions.key("execute.timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription(
                    "Longest the execute stage waits for one plan's actuator calls before reporting a timeout (async I/O).");
    public static final ConfigOption<Integer> EXECUTE_CAPACITY = ConfigOptions.key("execute.capacity")
            .intType()
            .defaultValue(100)
            .withDescription("Plans in flight in the async execute stage at once, per parallel instance.");
    public static final ConfigOption<Integer> EXECUTE_THREADS = ConfigOptions.key("execute.threads")
            .intType()
            .defaultValue(4)
            .withDescription("Threads calling actuators, per parallel instance.");
    public static final ConfigOption<Integer> EXECUTE_MAX_REPLICAS = ConfigOptions.key("execute.max-replicas")
            .intType()
            .defaultValue(50)
            .withDescription("Hard limit: never more replicas than this (never fewer than 1).");
    public static final ConfigOption<Double> EXECUTE_CPU_CAPACITY = ConfigOptions.key("execute.cpu-capacity")
            .doubleType()
            .defaultValue(4.0)
            .withDescription("Cores the 10% CPU floor is judged against.");
    public static final ConfigOption<Double> EXECUTE_MEMORY_CAPACITY = ConfigOptions.key("execute.memory-capacity")
            .doubleType()
            .defaultValue(17179869184.0)
            .withDescription("Bytes the 90% memory ceiling is judged against.");
    public static final ConfigOption<OnViolation> EXECUTE_ON_VIOLATION = ConfigOptions.key("execute.on-violation")
            .enumType(OnViolation.class)
            .defaultValue(OnViolation.CLIP)
            .withDescription(
                    "CLIP a plan outside the hard limits to the limit, or REFUSE it (any case); the decision says which.");
    public static final ConfigOption<Boolean> EXECUTE_PRODUCTION = ConfigOptions.key("execute.production")
            .booleanType()
            .defaultValue(false)
            .withDescription(
                    "Production: kill_slow_queries needs a human's approval too (drain_node and a service restart always do).");
    public static final ConfigOption<Duration> EXECUTE_CRITICAL_INTERVAL = ConfigOptions.key(
                    "execute.critical-interval")
            .durationType()
            .defaultValue(Duration.ofMinutes(1))
            .withDescription("At most one critical action per scope per this interval.");
    public static final ConfigOption<Duration> EXECUTE_COOL_DOWN = ConfigOptions.key("execute.cool-down")
            .durationType()
            .defaultValue(Duration.ofMinutes(5))
            .withDescription("A scaling action reversing the previous one within this is refused (no oscillation).");
    public static final ConfigOption<Duration> EXECUTE_AFTER_ROLLBACK_QUIET = ConfigOptions.key(
                    "execute.after-rollback-quiet")
            .durationType()
            .defaultValue(Duration.ofMinutes(30))
            .withDescription(
                    "After the rollback watcher reverted a rule's action on a scope, the safety gate refuses (DENIED, with the reason) that rule's action of the same type on the same scope for this long, counted from the rolled-back action plus execute.rollback-delay: a misconfigured rule that keeps matching cannot act, be rolled back and act again. The gate reads the reverts back from the action events topic. 0 disables.");
    public static final ConfigOption<Duration> EXECUTE_SEEN_TTL = ConfigOptions.key("execute.seen-keys-ttl")
            .durationType()
            .defaultValue(Duration.ofDays(7))
            .withDescription("How long keyed state remembers the idempotency keys it has gated.");
    public static final ConfigOption<String> APPROVALS_HMAC_KEY_FILE = ConfigOptions.key(
                    "execute.approvals.hmac-key-file")
            .stringType()
            .defaultValue("")
            .withDescription(
                    "File holding the HMAC-SHA256 key approval answers are signed with (the decision API's key), read when HCL_APPROVALS_HMAC_KEY and HCL_APPROVALS_HMAC_KEY_FILE are unset. Unsigned, forged or expired answers never approve.");
    public static final ConfigOption<Boolean> APPROVALS_ALLOW_UNSIGNED = ConfigOptions.key(
                    "execute.approvals.allow-unsigned")
            .booleanType()
            .defaultValue(false)
            .withDescription(
                    "INSECURE: take approval answers without a signature when no key is configured (anyone who can write hcl.approvals approves). Without a key and without this, a live job (execute.dry-run=false) refuses to start and a dry run rejects every answer.");
    public static final ConfigOption<Duration> APPROVALS_MAX_AGE = ConfigOptions.key("execute.approvals.max-age")
            .durationType()
            .defaultValue(Duration.ofHours(1))
            .withDescription(
                    "A signed approval answer whose answered_at is further than this from the job's clock (past or future) is rejected as expired.");
    public static final ConfigOption<Duration> EXECUTE_APPROVAL_TIMEOUT = ConfigOptions.key("execute.approval-timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(15))
            .withDescription("An action waiting for approval longer than this is denied.");
    public static final ConfigOption<Duration> EXECUTE_ROLLBACK_DELAY = ConfigOptions.key("execute.rollback-delay")
            .durationType()
            .defaultValue(Duration.ofSeconds(60))
            .withDescription(
                    "Event time after an executed action at which its service's key metrics are compared with before.");
    public static final ConfigOption<Double> EXECUTE_ROLLBACK_THRESHOLD = ConfigOptions.key(
                    "execute.rollback-threshold")
            .doubleType()
            .defaultValue(0.20)
            .withDescription("An action is reverted when a key metric got worse by more than this share.");
    public static final ConfigOption<Duration> EXECUTE_WEBHOOK_TIMEOUT = ConfigOptions.key(
                    "execute.approval-webhook.timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(5))
            .withDescription("Timeout of one call to the approvals webhook (HCL_APPROVAL_WEBHOOK_URL).");
    public static final ConfigOption<Integer> EXECUTE_WEBHOOK_ATTEMPTS = ConfigOptions.key(
                    "execute.approval-webhook.attempts")
            .intType()
            .defaultValue(3)
            .withDescription("Attempts in all to deliver one approval request to the webhook.");
    public static final ConfigOption<Duration> EXECUTE_WEBHOOK_BACKOFF = ConfigOptions.key(
                    "execute.approval-webhook.backoff")
            .durationType()
            .defaultValue(Duration.ofMillis(500))
            .withDescription("Pause before each retry of the approvals webhook.");
    public static final ConfigOption<List<String>> EXECUTE_ROLLBACK_METRICS = ConfigOptions.key(
                    "execute.rollback-metrics")
            .stringType()
            .asList()
            .defaultValues(
                    "latency_p99",
                    "error_rate",
                    "response_time_p95",
                    "response_time_p99",
                    "request_queue",
                    "query_latency",
                    "throughput")
            .withDescription(
                    "The key metrics the rollback watcher compares, separated by commas or semicolons (empty: every metric).");

    /** What a record's event time is judged against ({@code input.reference}). */
    public enum InputReference {
        /** The stream's own event time, bounded by processing time (live and replay). */
        STREAM,
        /** This task's processing time. */
        PROCESSING_TIME,
        /** No event-time window. */
        NONE
    }

    /** The plan stage's capacity policy ({@code plan.policy}). */
    public enum PlanPolicy {
        /** Kubernetes' HPA algorithm on CPU utilization. */
        HPA,
        /** The observed demand plus headroom. */
        PREDICTIVE,
        /** The predictive scaler with the fuzzy mode's headroom, floored by the HPA (HCL's own). */
        HCL,
        /** The trained SAC agent's actor (plan.sac.model), served in plain Java. */
        SAC
    }

    /** The analyze stage's anomaly detector ({@code analyze.detector}). */
    public enum Detector {
        /** The trained anomaly models behind the peripheral/foveal attention system. */
        ATTENTION,
        /** Exponentially weighted z-scores only. */
        BASELINE
    }

    /** What the safety gate does with a plan outside the hard limits ({@code execute.on-violation}). */
    public enum OnViolation {
        /** Clip the plan to the limit. */
        CLIP,
        /** Refuse the plan. */
        REFUSE
    }

    private HclOptions() {}

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
        Map<String, ConfigOption<?>> known = new HashMap<>();
        all().forEach(o -> known.put(o.key(), o));
        for (Map.Entry<String, String> e : merged.entrySet()) {
            ConfigOption<?> option = known.get(e.getKey());
            if (option == null) {
                throw new IllegalArgumentException(
                        "unknown option: " + e.getKey() + " (see flink-conf/hcl.properties)");
            }
            if (option.defaultValue() instanceof List<?>) {
                e.setValue(listValue(e.getValue()));
            }
        }
        return Configuration.fromMap(merged);
    }

    /**
     * A list option's value in Flink's form: items separated by commas (as these options always were) or semicolons
     * (Flink's separator) become {@code a;b}, each item trimmed; a YAML list ({@code [a, b]}) is left as it is.
     */
    static String listValue(String value) {
        String v = value.strip();
        if (v.startsWith("[")) {
            return v;
        }
        return Arrays.stream(v.split("[,;]"))
                .map(String::strip)
                .filter(i -> !i.isEmpty())
                .collect(Collectors.joining(";"));
    }

    /**
     * The knowledge-base password ({@link Secrets}): {@code HCL_JDBC_PASSWORD}, else the file named by
     * {@code HCL_JDBC_PASSWORD_FILE}, else the one named by {@code jdbc.password-file}; empty when none is set.
     */
    public static String jdbcPassword(Configuration conf) {
        return Secrets.fromEnvironment("HCL_JDBC_PASSWORD", conf.get(JDBC_PASSWORD_FILE));
    }

    /** The security settings of every Kafka client of the job, from {@code kafka.security.*} and the environment. */
    public static KafkaSecurity kafkaSecurity(Configuration conf) {
        return KafkaSecurity.fromEnvironment(kafkaSecurityOptions(conf));
    }

    /** The {@code kafka.security.*} options of {@code conf}, defaults included. */
    public static Map<String, String> kafkaSecurityOptions(Configuration conf) {
        Map<String, String> m = new HashMap<>();
        for (ConfigOption<String> o : List.of(
                KAFKA_SECURITY_PROTOCOL,
                KAFKA_SASL_MECHANISM,
                KAFKA_JAAS_FILE,
                KAFKA_TRUSTSTORE,
                KAFKA_KEYSTORE,
                KAFKA_STORE_TYPE)) {
            m.put(o.key(), conf.get(o));
        }
        return m;
    }
}
