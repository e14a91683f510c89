package io.maximus.hcl.jobs;

import io.maximus.hcl.core.ApprovalSignature;
import io.maximus.hcl.core.KafkaSecurity;
import io.maximus.hcl.knowledge.Schema;
import io.maximus.hcl.operators.execute.ParseApprovalAnswer;
import io.maximus.hcl.operators.types.HclTypes;
import io.maximus.hcl.sinks.execute.ApprovalAnswer;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HCL job for a Flink cluster: telemetry from Kafka, decisions to Kafka and the knowledge base.
 * Submit with {@code flink run -c io.maximus.hcl.jobs.HclJob hcl-jobs-*-job.jar --kafka.bootstrap-servers … --jdbc.url …}.
 */
public final class HclJob {

    private static final Logger LOG = LoggerFactory.getLogger(HclJob.class);

    private HclJob() {}

    /** Entry point of {@code flink run}. */
    public static void main(String[] args) throws Exception {
        Configuration conf = HclOptions.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        prepare(conf);
        attach(env, conf);
        env.execute("hcl");
    }

    /** Client-side preparation before the job is built: schema migrations of the knowledge base. */
    public static void prepare(Configuration conf) throws IOException {
        String url = conf.get(HclOptions.JDBC_URL);
        if (!url.isEmpty() && conf.get(HclOptions.JDBC_MIGRATE)) {
            int applied = Schema.migrate(url, conf.get(HclOptions.JDBC_USER), HclOptions.jdbcPassword(conf));
            LOG.info("knowledge base schema up to date, {} migrations applied", applied);
        }
    }

    /** Adds the whole job (Kafka sources, the topology, its outputs to Kafka and the knowledge base) to {@code env}. */
    public static void attach(StreamExecutionEnvironment env, Configuration conf) throws IOException {
        attach(env, conf, UnaryOperator.identity());
    }

    /** As {@link #attach(StreamExecutionEnvironment, Configuration)}; {@code execute} as in {@link HclTopology}'s seam. */
    static void attach(StreamExecutionEnvironment env, Configuration conf, UnaryOperator<ExecuteConfig> execute)
            throws IOException {
        env.configure(strictPipeline(), HclJob.class.getClassLoader());
        HclTypes.register();
        Duration checkpoints = conf.get(HclOptions.CHECKPOINT_INTERVAL);
        if (!checkpoints.isZero()) {
            env.enableCheckpointing(checkpoints.toMillis());
        }
        String brokers = conf.get(HclOptions.KAFKA_BOOTSTRAP);
        KafkaSecurity security = HclOptions.kafkaSecurity(conf);
        LOG.info("Kafka clients: {} to {}", security, brokers);
        ParseApprovalAnswer parseAnswers = approvalsParser(conf);
        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(brokers)
                .setProperties(security.properties())
                .setTopics(conf.get(HclOptions.TOPIC_TELEMETRY))
                .setGroupId(conf.get(HclOptions.KAFKA_GROUP))
                .setStartingOffsets(startingOffsets(conf.get(HclOptions.KAFKA_OFFSETS)))
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
        // Event time is assigned after parsing (the source only carries text); see HclTopology.
        DataStream<String> raw = env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka: telemetry")
                .uid("kafka-telemetry-source");

        // Approval answers from the decision API. A topic pattern, not a name: a missing topic is waited for (found by
        // partition discovery) instead of failing the job; offsets come from the checkpoint, else committed, else
        // earliest.
        KafkaSource<String> answers = KafkaSource.<String>builder()
                .setBootstrapServers(brokers)
                .setProperties(security.properties())
                .setTopicPattern(Pattern.compile(Pattern.quote(conf.get(HclOptions.TOPIC_APPROVALS))))
                .setGroupId(conf.get(HclOptions.KAFKA_GROUP) + "-approvals")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .setProperty("partition.discovery.interval.ms", "10000")
                .build();
        DataStream<ApprovalAnswer> approvals = env.fromSource(
                        answers, WatermarkStrategy.noWatermarks(), "kafka: approval answers")
                .uid("kafka-approvals-source")
                .process(parseAnswers)
                .name("execute: parse approval answers")
                .uid("parse-approval-answers");

        // Rollbacks read back from HCL's own action events (a job graph cannot loop onto itself): the safety gate
        // refuses a rule's action on a scope for execute.after-rollback-quiet after it was reverted there. New
        // events only (a first start does not replay history); offsets from the checkpoint after that.
        KafkaSource<String> actionEvents = KafkaSource.<String>builder()
                .setBootstrapServers(brokers)
                .setProperties(security.properties())
                .setTopicPattern(Pattern.compile(Pattern.quote(conf.get(HclOptions.TOPIC_ACTIONS))))
                .setGroupId(conf.get(HclOptions.KAFKA_GROUP) + "-rollbacks")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST))
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .setProperty("partition.discovery.interval.ms", "10000")
                .build();
        DataStream<io.maximus.hcl.sinks.execute.RolledBack> rollbacks = conf.get(
                                HclOptions.EXECUTE_AFTER_ROLLBACK_QUIET)
                        .isZero()
                ? null
                : env.fromSource(actionEvents, WatermarkStrategy.noWatermarks(), "kafka: action events (rollbacks)")
                        .uid("kafka-rollbacks-source")
                        .flatMap(new io.maximus.hcl.operators.execute.ParseRollbacks())
                        .name("execute: rollbacks read back")
                        .uid("parse-rollbacks");

        KnowledgeStage.attach(HclTopology.build(raw, conf, approvals, rollbacks, execute), conf);
    }

    /**
     * The pipeline settings every HCL job runs with, so upgrades keep state (see docs/upgrades.md): no type may fall
     * back to Kryo ({@code pipeline.generic-types: false}; the job fails to build, or an operator to open, if one
     * does) and every operator has a uid ({@code pipeline.auto-generate-uids: false}; the job fails to build if one
     * has none).
     */
    public static Configuration strictPipeline() {
        Configuration c = new Configuration();
        c.set(PipelineOptions.GENERIC_TYPES, false);
        c.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        return c;
    }

    /**
     * The parser of approval answers: verifying the API's signature with the key of {@code HCL_APPROVALS_HMAC_KEY}
     * (or its file, or {@code execute.approvals.hmac-key-file}). Without a key: unsigned answers are taken only with
     * {@code execute.approvals.allow-unsigned=true}; else a live job refuses to start and a dry run rejects every
     * answer (verified against a random key nobody holds).
     */
    static ParseApprovalAnswer approvalsParser(Configuration conf) {
        Duration maxAge = conf.get(HclOptions.APPROVALS_MAX_AGE);
        ApprovalSignature key =
                ApprovalSignature.fromEnvironment(System.getenv(), conf.get(HclOptions.APPROVALS_HMAC_KEY_FILE));
        if (key != null) {
            return new ParseApprovalAnswer(Clock.systemUTC(), key, maxAge);
        }
        if (conf.get(HclOptions.APPROVALS_ALLOW_UNSIGNED)) {
            LOG.warn("INSECURE: approval answers are taken unsigned (execute.approvals.allow-unsigned=true): anyone "
                    + "who can write the approvals topic can approve actions");
            return new ParseApprovalAnswer(Clock.systemUTC());
        }
        if (!conf.get(HclOptions.EXECUTE_DRY_RUN)) {
            throw new IllegalStateException("approvals need a key: set " + ApprovalSignature.KEY_SECRET + " (or "
                    + ApprovalSignature.KEY_SECRET + "_FILE, or execute.approvals.hmac-key-file) to the decision API's"
                    + " key, or execute.approvals.allow-unsigned=true to take unsigned answers (insecure)");
        }
        LOG.warn(
                "no approvals key ({}): every approval answer will be rejected (dry run)",
                ApprovalSignature.KEY_SECRET);
        byte[] random = new byte[ApprovalSignature.MIN_KEY_BYTES];
        new SecureRandom().nextBytes(random);
        return new ParseApprovalAnswer(
                Clock.systemUTC(), ApprovalSignature.of(HexFormat.of().formatHex(random)), maxAge);
    }

    private static OffsetsInitializer startingOffsets(String mode) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default ->
                throw new IllegalArgumentException(
                        "kafka.starting-offsets must be committed, earliest or latest: " + mode);
        };
    }
}
