package io.maximus.hcl.jobs;

import io.maximus.hcl.core.AnomalyScore;
import io.maximus.hcl.core.DeadLetter;
import io.maximus.hcl.core.Decision;
import io.maximus.hcl.core.DemandForecast;
import io.maximus.hcl.core.FailureRisk;
import io.maximus.hcl.sinks.execute.ActionEvent;
import io.maximus.hcl.sinks.kafka.JsonKafkaSinks;
import io.maximus.hcl.sinks.knowledge.ActionJdbcSink;
import io.maximus.hcl.sinks.knowledge.ApprovalJdbcSink;
import io.maximus.hcl.sinks.knowledge.DecisionJdbcSink;
import io.maximus.hcl.sinks.knowledge.DecisionOutcomeJdbcSink;
import io.maximus.hcl.sinks.knowledge.JdbcSettings;
import io.maximus.hcl.sinks.knowledge.KafkaRowRefusals;
import io.maximus.hcl.sinks.knowledge.RowRefusals;
import io.maximus.hcl.sinks.knowledge.TelemetryJdbcSink;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * The K of MAPE-K: attaches the topology's {@link HclTopology.Outputs} to Kafka (dead letters, analysis, decisions,
 * action events) and, when {@code jdbc.url} is set, to the knowledge base (action log, approvals, decisions, their
 * outcomes and optionally the telemetry history). Every sink keeps its uid and name. A row the knowledge base refuses
 * goes to the dead-letter topic with the database's reason ({@link #refusals}); the job goes on.
 */
public final class KnowledgeStage {

    private KnowledgeStage() {}

    /** Attaches every output of {@code out} to its Kafka topic and knowledge-base table. */
    public static void attach(HclTopology.Outputs out, Configuration conf) {
        toKafka(out, conf);
        jdbcSettings(conf).ifPresent(jdbc -> toKnowledgeBase(out, conf, jdbc.withRefusals(refusals(conf))));
    }

    /** The JDBC settings of the knowledge base's sinks; empty when {@code jdbc.url} is not set. */
    public static Optional<JdbcSettings> jdbcSettings(Configuration conf) {
        String url = conf.get(HclOptions.JDBC_URL);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new JdbcSettings(
                url,
                conf.get(HclOptions.JDBC_USER),
                HclOptions.jdbcPassword(conf),
                conf.get(HclOptions.JDBC_BATCH),
                conf.get(HclOptions.JDBC_BATCH_INTERVAL),
                conf.get(HclOptions.JDBC_RETRIES),
                conf.get(HclOptions.JDBC_OUTAGE_TOLERANCE)));
    }

    /**
     * Where the knowledge base's sinks send a row the database refuses: the dead-letter topic, with the database's
     * reason (the job goes on).
     */
    public static RowRefusals refusals(Configuration conf) {
        return new KafkaRowRefusals(
                conf.get(HclOptions.KAFKA_BOOTSTRAP),
                conf.get(HclOptions.TOPIC_DLQ),
                conf.get(HclOptions.INPUT_DEAD_LETTER_MAX_BYTES),
                new Properties());
    }

    private static void toKafka(HclTopology.Outputs out, Configuration conf) {
        String brokers = conf.get(HclOptions.KAFKA_BOOTSTRAP);
        Properties producer = HclOptions.kafkaSecurity(conf).properties();
        producer.put("compression.type", "lz4");
        Delivery delivery = Delivery.of(conf);
        out.deadLetters()
                .sinkTo(JsonKafkaSinks.<DeadLetter>json(
                        brokers, conf.get(HclOptions.TOPIC_DLQ), d -> null, DeliveryGuarantee.AT_LEAST_ONCE, producer))
                .name("kafka: dead letters")
                .uid("kafka-dlq-sink");
        out.anomalies()
                .sinkTo(JsonKafkaSinks.<AnomalyScore>json(
                        brokers,
                        conf.get(HclOptions.TOPIC_ANALYSIS),
                        a -> a.scope().key(),
                        DeliveryGuarantee.AT_LEAST_ONCE,
                        producer))
                .name("kafka: analysis")
                .uid("kafka-analysis-sink");
        if (out.failures() != null) {
            out.failures()
                    .sinkTo(JsonKafkaSinks.<FailureRisk>json(
                            brokers,
                            conf.get(HclOptions.TOPIC_ANALYSIS),
                            r -> r.scope().key(),
                            DeliveryGuarantee.AT_LEAST_ONCE,
                            producer))
                    .name("kafka: failure predictions")
                    .uid("kafka-failure-analysis-sink");
        }
        if (out.forecasts() != null) {
            out.forecasts()
                    .sinkTo(JsonKafkaSinks.<DemandForecast>json(
                            brokers,
                            conf.get(HclOptions.TOPIC_ANALYSIS),
                            f -> f.scope().key(),
                            DeliveryGuarantee.AT_LEAST_ONCE,
                            producer))
                    .name("kafka: forecasts")
                    .uid("kafka-forecasts-sink");
        }
        out.decisions()
                .sinkTo(JsonKafkaSinks.<Decision>json(
                        brokers,
                        conf.get(HclOptions.TOPIC_DECISIONS),
                        Decision::id,
                        delivery.guarantee(),
                        delivery.producer(producer),
                        delivery.prefix(conf, "decisions")))
                .name("kafka: decisions")
                .uid("kafka-decisions-sink");
        out.actionEvents()
                .sinkTo(JsonKafkaSinks.<ActionEvent>json(
                        brokers,
                        conf.get(HclOptions.TOPIC_ACTIONS),
                        e -> e.idempotencyKey(),
                        delivery.guarantee(),
                        delivery.producer(producer),
                        delivery.prefix(conf, "actions")))
                .name("kafka: action events")
                .uid("kafka-actions-sink");
    }

    private static void toKnowledgeBase(HclTopology.Outputs out, Configuration conf, JdbcSettings jdbc) {
        out.actionEvents()
                .sinkTo(ActionJdbcSink.create(jdbc))
                .name("knowledge base: hcl_actions")
                .uid("jdbc-actions-sink");
        out.actionEvents()
                .filter(e -> ApprovalJdbcSink.concernsApproval(e))
                .name("knowledge base: approval events")
                .uid("jdbc-approvals-filter")
                .sinkTo(ApprovalJdbcSink.create(jdbc, conf.get(HclOptions.EXECUTE_APPROVAL_TIMEOUT)))
                .name("knowledge base: hcl_approvals")
                .uid("jdbc-approvals-sink");
        out.decisions()
                .sinkTo(DecisionJdbcSink.create(jdbc))
                .name("knowledge base: hcl_decisions")
                .uid("jdbc-decisions-sink");
        out.outcomes()
                .sinkTo(DecisionOutcomeJdbcSink.create(jdbc))
                .name("knowledge base: decision outcomes")
                .uid("jdbc-outcomes-sink");
        if (conf.get(HclOptions.JDBC_TELEMETRY)) {
            out.snapshots()
                    .sinkTo(TelemetryJdbcSink.create(jdbc))
                    .name("knowledge base: hcl_telemetry")
                    .uid("jdbc-telemetry-sink");
        }
    }

    /**
     * How decisions and action events reach Kafka ({@code kafka.delivery}): at least once, or exactly once in Kafka
     * transactions committed with each checkpoint (transactional ids {@code <kafka.group-id>-<sink>}).
     */
    record Delivery(DeliveryGuarantee guarantee) {

        /** Kafka transactions outlive a checkpoint interval but not the broker's default maximum (15 min). */
        static final String TRANSACTION_TIMEOUT_MS = "900000";

        static Delivery of(Configuration conf) {
            String d = conf.get(HclOptions.KAFKA_DELIVERY).trim().toLowerCase(java.util.Locale.ROOT);
            return switch (d) {
                case "at-least-once" -> new Delivery(DeliveryGuarantee.AT_LEAST_ONCE);
                case "exactly-once" -> new Delivery(DeliveryGuarantee.EXACTLY_ONCE);
                default ->
                    throw new IllegalArgumentException(
                            "kafka.delivery must be at-least-once or exactly-once, got '" + d + "'");
            };
        }

        Properties producer(Properties base) {
            if (guarantee != DeliveryGuarantee.EXACTLY_ONCE) {
                return base;
            }
            Properties p = new Properties();
            p.putAll(base);
            p.put("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
            return p;
        }

        String prefix(Configuration conf, String sink) {
            return guarantee == DeliveryGuarantee.EXACTLY_ONCE ? conf.get(HclOptions.KAFKA_GROUP) + "-" + sink : null;
        }
    }
}
