package io.maximus.hcl.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.collector.SyntheticFleet;
import io.maximus.hcl.collector.TelemetryProducer;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.core.Topics;
import io.maximus.hcl.jobs.local.EmbeddedKafka;
import io.maximus.hcl.jobs.local.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The real job on a local Flink cluster, reading a real in-process Kafka broker (KRaft) and writing to a real
 * PostgreSQL: records in; decisions in the table and on the topic; dead letters on the DLQ topic.
 */
class HclJobEndToEndTest {

    private static final long T0 = 1_772_409_600_000L; // 2026-03-02T00:00:00Z

    @Test
    void telemetryInDecisionsInTheTableAndOnTheTopicDeadLettersOnTheDlq() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
            kafka.createHclTopics(2);
            Configuration conf = HclOptions.fromArgs(new String[] {
                "--kafka.bootstrap-servers",
                kafka.bootstrapServers(),
                "--kafka.starting-offsets",
                "earliest",
                "--jdbc.url",
                pg.jdbcUrl(),
                "--jdbc.user",
                pg.user(),
                "--jdbc.batch-interval",
                "200 ms",
                "--job.checkpoint-interval",
                "2 s",
                "--watermark.out-of-orderness",
                "5 s",
                "--watermark.idleness",
                "2 s"
            });
            HclJob.prepare(conf);

            // 20 minutes of event time: checkout's CPU is pinned from minute 5 to 15; search and auth stay calm.
            SyntheticFleet fleet = new SyntheticFleet(
                    List.of("checkout", "search", "auth"),
                    2,
                    List.of(new SyntheticFleet.Incident(
                            SyntheticFleet.IncidentKind.CPU_SPIKE, "checkout", T0 + 5 * 60_000, 10 * 60_000, 0)),
                    7);
            try (TelemetryProducer producer = new TelemetryProducer(kafka.bootstrapServers())) {
                for (long t = T0; t < T0 + 20 * 60_000; t += 15_000) {
                    for (TelemetrySnapshot s : fleet.at(t)) {
                        producer.send(s);
                    }
                }
                producer.sendRaw("x", "not json at all");
                producer.sendRaw("x", "{\"timestamp\": 1772409600000, \"metrics\": {\"cpu_usage\": 1}}");
                producer.flush();
            }

            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, new Configuration());
            HclJob.attach(env, conf);
            JobClient job = env.executeAsync("hcl e2e");
            try {
                // The CEP pattern's scale-ups (the plan stage's capacity policy and fuzzy mode act on checkout too).
                List<String[]> rows =
                        awaitDecisionRows(pg, "WHERE rule = 'cpu-sustained-high'", 2, Duration.ofSeconds(120));
                assertThat(rows).allSatisfy(r -> {
                    assertThat(r[0]).isEqualTo("checkout");
                    assertThat(r[1]).isEqualTo("HIGH_PERFORMANCE");
                    assertThat(r[2]).contains("cpu_usage above 80% on service checkout for 5 minutes");
                    assertThat(r[3]).contains("\"type\": \"scale_deployment\"").contains("\"dry_run\": true");
                });

                try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
                        ResultSet rs = c.createStatement()
                                .executeQuery(
                                        "SELECT count(*), count(DISTINCT host), max(metrics->>'cpu_usage') IS NOT NULL FROM hcl_telemetry")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("telemetry history rows").isGreaterThan(100);
                    assertThat(rs.getLong(2)).isEqualTo(6);
                    assertThat(rs.getBoolean(3)).isTrue();
                }

                assertThat(awaitCount(
                                pg,
                                "SELECT count(*) FROM hcl_actions WHERE action_type = 'scale_deployment'"
                                        + " AND target = 'checkout' AND status = 'DRY_RUN' AND dry_run",
                                rows.size(),
                                Duration.ofSeconds(60)))
                        .as("action log rows")
                        .isGreaterThanOrEqualTo(rows.size());

                List<String[]> all = awaitDecisionRows(pg, "", rows.size(), Duration.ofSeconds(10));
                List<JsonNode> onTopic =
                        read(kafka.bootstrapServers(), Topics.DECISIONS, all.size(), Duration.ofSeconds(60));
                // Remediations (scale-ups) only on checkout; a set_mode may answer the detectors' alerts on a calm
                // service (the trained detector flags this synthetic auth service for minutes: a mode, not an action).
                assertThat(onTopic)
                        .filteredOn(d -> !d.get("rule").asText().equals("plan-mode"))
                        .extracting(d -> d.at("/scope/service").asText())
                        .as("services with a decision: %s", onTopic)
                        .containsOnly("checkout");
                assertThat(onTopic)
                        .filteredOn(d -> d.get("rule").asText().equals("plan-mode"))
                        .allSatisfy(
                                d -> assertThat(d.at("/actions_taken/0/type").asText())
                                        .isEqualTo("set_mode"));
                assertThat(onTopic)
                        .extracting(d -> d.get("id").asText())
                        .containsExactlyInAnyOrderElementsOf(
                                all.stream().map(r -> r[4]).toList());

                List<JsonNode> dead = read(kafka.bootstrapServers(), Topics.TELEMETRY_DLQ, 2, Duration.ofSeconds(60));
                assertThat(dead)
                        .extracting(d -> d.get("raw").asText())
                        .containsExactlyInAnyOrder(
                                "not json at all", "{\"timestamp\": 1772409600000, \"metrics\": {\"cpu_usage\": 1}}");
                assertThat(dead)
                        .extracting(d -> d.get("reason").asText())
                        .anySatisfy(r -> assertThat(r).startsWith("invalid JSON"))
                        .anySatisfy(r -> assertThat(r).isEqualTo("missing or empty host"));
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Polls hcl_decisions until it holds at least {@code n} rows {@code where}: service, mode, trigger, actions, id. */
    private static List<String[]> awaitDecisionRows(EmbeddedPostgresServer pg, String where, int n, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String[]> rows = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            rows.clear();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
                    ResultSet rs = c.createStatement()
                            .executeQuery("SELECT service, operational_mode, trigger, "
                                    + "actions_taken::text, id::text FROM hcl_decisions " + where
                                    + " ORDER BY \"timestamp\"")) {
                while (rs.next()) {
                    rows.add(new String[] {
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)
                    });
                }
            }
            if (rows.size() >= n) {
                return rows;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("only " + rows.size() + " decisions in hcl_decisions after " + timeout);
    }

    private static long awaitCount(EmbeddedPostgresServer pg, String sql, long n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long count = 0;
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
                    ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                count = rs.getLong(1);
            }
            if (count >= n) {
                return count;
            }
            Thread.sleep(500);
        }
        return count;
    }

    private static List<JsonNode> read(String brokers, String topic, int n, Duration timeout) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            // Assigned partitions, no consumer group: nothing to wait for but the data.
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            while (out.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    out.add(Json.MAPPER.readTree(r.value()));
                }
            }
        }
        return out;
    }
}
