package io.maximus.hcl.jobs;

import io.maximus.hcl.core.AnomalyScore;
import io.maximus.hcl.core.DeadLetter;
import io.maximus.hcl.core.Decision;
import io.maximus.hcl.core.FailureRisk;
import io.maximus.hcl.core.DemandForecast;
import io.maximus.hcl.knowledge.Schema;
import io.maximus.hcl.sinks.kafka.JsonKafkaSinks;
import io.maximus.hcl.sinks.execute.ActionEvent;
import io.maximus.hcl.sinks.execute.ApprovalAnswer;
import io.maximus.hcl.operators.execute.ParseApprovalAnswer;
import io.maximus.hcl.sinks.knowledge.ActionJdbcSink;
import io.maximus.hcl.sinks.knowledge.ApprovalJdbcSink;
import io.maximus.hcl.sinks.knowledge.DecisionJdbcSink;
import io.maximus.hcl.sinks.knowledge.DecisionOutcomeJdbcSink;
import io.maximus.hcl.sinks.knowledge.TelemetryJdbcSink;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
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

    private HclJob() {
    }

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

    /** Adds the whole job (Kafka source, topology, sinks) to {@code env}. */
    public static void attach(StreamExecutionEnvironment env, Configuration conf) throws IOException {
        Duration checkpoints = conf.get(HclOptions.CHECKPOINT_INTERVAL);
        if (!checkpoints.isZero()) {
            env.enableCheckpointing(checkpoints.toMillis());
        }
        String brokers = conf.get(HclOptions.KAFKA_BOOTSTRAP);
        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(brokers)
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
        // partition discovery) instead of failing the job; offsets come from the checkpoint, else committed, else earliest.
        KafkaSource<String> answers = KafkaSource.<String>builder()
                .setBootstrapServers(brokers)
                .setTopicPattern(Pattern.compile(Pattern.quote(conf.get(HclOptions.TOPIC_APPROVALS))))
                .setGroupId(conf.get(HclOptions.KAFKA_GROUP) + "-approvals")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .setProperty("partition.discovery.interval.ms", "10000")
                .build();
        DataStream<ApprovalAnswer> approvals = env.fromSource(answers, WatermarkStrategy.noWatermarks(),
                        "kafka: approval answers").uid("kafka-approvals-source")
                .process(new ParseApprovalAnswer()).name("execute: parse approval answers").uid("parse-approval-answers");

        HclTopology.Outputs out = HclTopology.build(raw, conf, approvals);

        Properties producer = new Properties();
        producer.put("compression.type", "lz4");
        out.deadLetters().sinkTo(JsonKafkaSinks.<DeadLetter>json(brokers, conf.get(HclOptions.TOPIC_DLQ),
                        d -> null, DeliveryGuarantee.AT_LEAST_ONCE, producer))
                .name("kafka: dead letters").uid("kafka-dlq-sink");
        out.anomalies().sinkTo(JsonKafkaSinks.<AnomalyScore>json(brokers, conf.get(HclOptions.TOPIC_ANALYSIS),
                        a -> a.scope().key(), DeliveryGuarantee.AT_LEAST_ONCE, producer))
                .name("kafka: analysis").uid("kafka-analysis-sink");
        if (out.failures() != null) {
            out.failures().sinkTo(JsonKafkaSinks.<FailureRisk>json(brokers, conf.get(HclOptions.TOPIC_ANALYSIS),
                            r -> r.scope().key(), DeliveryGuarantee.AT_LEAST_ONCE, producer))
                    .name("kafka: failure predictions").uid("kafka-failure-analysis-sink");
        }
        if (out.forecasts() != null) {
            out.forecasts().sinkTo(JsonKafkaSinks.<DemandForecast>json(brokers, conf.get(HclOptions.TOPIC_ANALYSIS),
                            f -> f.scope().key(), DeliveryGuarantee.AT_LEAST_ONCE, producer))
                    .name("kafka: forecasts").uid("kafka-forecasts-sink");
        }
        out.decisions().sinkTo(JsonKafkaSinks.<Decision>json(brokers, conf.get(HclOptions.TOPIC_DECISIONS),
                        Decision::id, DeliveryGuarantee.AT_LEAST_ONCE, producer))
                .name("kafka: decisions").uid("kafka-decisions-sink");
        out.actionEvents().sinkTo(JsonKafkaSinks.<ActionEvent>json(brokers, conf.get(HclOptions.TOPIC_ACTIONS),
                        e -> e.idempotencyKey(), DeliveryGuarantee.AT_LEAST_ONCE, producer))
                .name("kafka: action events").uid("kafka-actions-sink");
        String url = conf.get(HclOptions.JDBC_URL);
        if (!url.isEmpty()) {
            out.actionEvents().sinkTo(ActionJdbcSink.create(url, conf.get(HclOptions.JDBC_USER),
                            HclOptions.jdbcPassword(conf), conf.get(HclOptions.JDBC_BATCH),
                            conf.get(HclOptions.JDBC_BATCH_INTERVAL).toMillis(), conf.get(HclOptions.JDBC_RETRIES),
                            conf.get(HclOptions.JDBC_OUTAGE_TOLERANCE)))
                    .name("knowledge base: hcl_actions").uid("jdbc-actions-sink");
            out.actionEvents().filter(e -> ApprovalJdbcSink.concernsApproval(e))
                    .name("knowledge base: approval events").uid("jdbc-approvals-filter")
                    .sinkTo(ApprovalJdbcSink.create(url, conf.get(HclOptions.JDBC_USER), HclOptions.jdbcPassword(conf),
                            conf.get(HclOptions.EXECUTE_APPROVAL_TIMEOUT), conf.get(HclOptions.JDBC_BATCH),
                            conf.get(HclOptions.JDBC_BATCH_INTERVAL).toMillis(), conf.get(HclOptions.JDBC_RETRIES),
                            conf.get(HclOptions.JDBC_OUTAGE_TOLERANCE)))
                    .name("knowledge base: hcl_approvals").uid("jdbc-approvals-sink");
            out.decisions().sinkTo(DecisionJdbcSink.create(url, conf.get(HclOptions.JDBC_USER),
                            HclOptions.jdbcPassword(conf), conf.get(HclOptions.JDBC_BATCH),
                            conf.get(HclOptions.JDBC_BATCH_INTERVAL).toMillis(), conf.get(HclOptions.JDBC_RETRIES),
                            conf.get(HclOptions.JDBC_OUTAGE_TOLERANCE)))
                    .name("knowledge base: hcl_decisions").uid("jdbc-decisions-sink");
            out.outcomes().sinkTo(DecisionOutcomeJdbcSink.create(url, conf.get(HclOptions.JDBC_USER),
                            HclOptions.jdbcPassword(conf), conf.get(HclOptions.JDBC_BATCH),
                            conf.get(HclOptions.JDBC_BATCH_INTERVAL).toMillis(), conf.get(HclOptions.JDBC_RETRIES),
                            conf.get(HclOptions.JDBC_OUTAGE_TOLERANCE)))
                    .name("knowledge base: decision outcomes").uid("jdbc-outcomes-sink");
            if (conf.get(HclOptions.JDBC_TELEMETRY)) {
                out.snapshots().sinkTo(TelemetryJdbcSink.create(url, conf.get(HclOptions.JDBC_USER),
                                HclOptions.jdbcPassword(conf), conf.get(HclOptions.JDBC_BATCH),
                                conf.get(HclOptions.JDBC_BATCH_INTERVAL).toMillis(), conf.get(HclOptions.JDBC_RETRIES),
                            conf.get(HclOptions.JDBC_OUTAGE_TOLERANCE)))
                        .name("knowledge base: hcl_telemetry").uid("jdbc-telemetry-sink");
            }
        }
    }

    private static OffsetsInitializer startingOffsets(String mode) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default -> throw new IllegalArgumentException("kafka.starting-offsets must be committed, earliest or latest: " + mode);
        };
    }
}
