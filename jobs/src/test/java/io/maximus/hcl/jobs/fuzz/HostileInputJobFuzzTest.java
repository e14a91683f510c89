package io.maximus.hcl.jobs.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.collector.SyntheticFleet;
import io.maximus.hcl.core.InputBounds;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.StreamClock;
import io.maximus.hcl.core.TelemetryParser;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.jobs.HclJob;
import io.maximus.hcl.jobs.HclOptions;
import io.maximus.hcl.jobs.local.EmbeddedKafka;
import io.maximus.hcl.jobs.local.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's fuzz test through the whole job: 10,000 seeded hostile records ({@link HostileTelemetry}) mixed into 20
 * minutes of fleet telemetry with a CPU incident, on the in-process Kafka broker and embedded PostgreSQL, with no
 * restart strategy (any failure ends the job). Every record must end either valid (in {@code hcl_telemetry}) or on the
 * dead-letter topic, exactly as the parser and the stream clock judge it offline; the decisions must be the same as
 * those of a second job, run beside it, on the accepted records alone.
 */
class HostileInputJobFuzzTest {

    private static final long SEED = 15L;
    private static final int HOSTILE = 10_000;
    /** Kafka's default limit on a message: larger records never reach the job (the producer refuses them). */
    private static final int KAFKA_MAX = 1_000_000;

    private static final long T0 = HostileTelemetry.REF - 10 * 60_000; // 2026-03-02T05:50:00Z
    /** More than the fleet's 15 s step (each step is a move ahead), less than the out-of-orderness (90 s). */
    private static final Duration SKEW = Duration.ofSeconds(60);
    /** Less than the out-of-orderness: an accepted record is never late, so both jobs accept the same records. */
    private static final Duration LATENESS = Duration.ofSeconds(80);

    @Test
    void everyHostileRecordEndsValidOrDeadLetteredAndTheDecisionsDoNotChange() throws Exception {
        List<String> fleet = new ArrayList<>();
        SyntheticFleet f = new SyntheticFleet(
                List.of("checkout", "search", "auth"),
                2,
                List.of(new SyntheticFleet.Incident(
                        SyntheticFleet.IncidentKind.CPU_SPIKE, "checkout", T0 + 5 * 60_000, 10 * 60_000, 0)),
                7);
        for (long t = T0; t < T0 + 20 * 60_000; t += 15_000) {
            for (TelemetrySnapshot s : f.at(t)) {
                fleet.add(Json.write(s));
            }
        }
        // The fleet starts the stream (24 records), then hostile records between every two fleet records.
        HostileTelemetry gen = new HostileTelemetry(SEED);
        List<String> mixed = new ArrayList<>();
        int tooLarge = 0;
        int hostile = 0;
        int perGap = HOSTILE / (fleet.size() - 24) + 1;
        for (int i = 0; i < fleet.size(); i++) {
            mixed.add(fleet.get(i));
            for (int k = 0; i >= 24 && k < perGap && hostile < HOSTILE; k++) {
                String raw = gen.next().raw();
                hostile++;
                if (raw.length() > KAFKA_MAX / 4) { // UTF-8 may take up to 4 bytes a char: stay under the limit
                    tooLarge++;
                    continue;
                }
                mixed.add(raw);
            }
        }
        assertThat(hostile).isEqualTo(HOSTILE);

        // What the job must do, judged offline by the same parser and stream clock.
        InputBounds bounds = InputBounds.DEFAULTS.withWindow(SKEW, LATENESS);
        StreamClock clock = new StreamClock(bounds);
        List<String> accepted = new ArrayList<>();
        Set<String> acceptedKeys = new HashSet<>();
        Map<String, Integer> expectedClasses = new TreeMap<>();
        for (String raw : mixed) {
            TelemetryParser.Result r = TelemetryParser.parse(raw, bounds, InputBounds.NO_REFERENCE);
            String why = r.ok() ? clock.judge(r.snapshot().timestamp(), System.currentTimeMillis()) : r.error();
            if (why == null) {
                accepted.add(raw);
                acceptedKeys.add(r.snapshot().host() + "|" + r.snapshot().timestamp());
            } else {
                expectedClasses.merge(outcomeClass(why), 1, Integer::sum);
            }
        }
        int deadExpected = mixed.size() - accepted.size();

        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
            kafka.createHclTopics(1);
            kafka.createTopics(Map.of("fuzz.raw", 1, "fuzz.dlq", 1, "clean.raw", 1, "clean.dlq", 1));
            String cleanDb = createDatabase(pg, "clean");
            produce(kafka.bootstrapServers(), "fuzz.raw", mixed);
            produce(kafka.bootstrapServers(), "clean.raw", accepted);

            JobClient fuzz = start(kafka, pg.jdbcUrl(), "fuzz");
            JobClient clean = start(kafka, cleanDb, "clean");
            try {
                List<JsonNode> dead = read(kafka.bootstrapServers(), "fuzz.dlq", deadExpected, Duration.ofSeconds(60));
                assertThat(fuzz.getJobStatus().get(10, TimeUnit.SECONDS))
                        .as("the fuzzed job is still running (no restart strategy: any failure ends it)")
                        .isEqualTo(JobStatus.RUNNING);
                assertThat(clean.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
                Map<String, Integer> classes = new TreeMap<>();
                dead.forEach(d -> classes.merge(outcomeClass(d.get("reason").asText()), 1, Integer::sum));
                long telemetry = awaitCount(pg.jdbcUrl(), "SELECT count(*) FROM hcl_telemetry", acceptedKeys.size());
                Set<String> decisions = stableDecisions(pg.jdbcUrl());
                Set<String> cleanDecisions = stableDecisions(cleanDb);

                System.err.printf(
                        "{\"fuzz\": {\"seed\": %d, \"hostile\": %d, \"too_large_for_kafka\": %d, \"fleet\": %d,"
                                + " \"records_sent\": %d, \"valid\": %d, \"telemetry_rows\": %d, \"dead_letters\": %d,"
                                + " \"decisions\": %d}}%n",
                        SEED,
                        HOSTILE,
                        tooLarge,
                        fleet.size(),
                        mixed.size(),
                        accepted.size(),
                        telemetry,
                        dead.size(),
                        decisions.size());
                classes.forEach((k, v) -> System.err.printf("  dead letter class %-70s %6d%n", k, v));

                // The parser's verdicts do not depend on time: exactly as judged offline, class by class.
                assertThat(withoutTime(classes)).as("dead letters by reason").isEqualTo(withoutTime(expectedClasses));
                // Event-time verdicts (stream clock, late) depend on the watermark's progress; they are counted, and
                // no record is both: the dead letters and the valid rows never exceed what was sent.
                assertThat(dead.size()).isLessThanOrEqualTo(mixed.size());
                assertThat(dead.size() + telemetry).isLessThanOrEqualTo(mixed.size());
                assertThat(telemetry).as("valid rows").isPositive();
                assertThat(decisions).as("decisions with the hostile records").isNotEmpty();
                assertThat(decisions)
                        .as("decisions on the accepted records alone")
                        .isEqualTo(cleanDecisions);
            } finally {
                fuzz.cancel().get(30, TimeUnit.SECONDS);
                clean.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Map<String, Integer> withoutTime(Map<String, Integer> classes) {
        Map<String, Integer> out = new TreeMap<>(classes);
        out.keySet()
                .removeIf(
                        k -> k.startsWith("timestamp too far") || k.startsWith("timestamp jumps") || k.equals("late"));
        return out;
    }

    /** The kind of a reason: its words before the first detail (quote, parenthesis, colon after the first word). */
    private static String outcomeClass(String reason) {
        String r = reason.startsWith("late: ") ? "late" : reason;
        if (r.startsWith("knowledge base refused")) {
            return "knowledge base refused";
        }
        int cut = r.length();
        for (String stop : new String[] {" (", ": ", " '", " \"", " at ", " for metric", " of "}) {
            int at = r.indexOf(stop);
            if (at > 0) {
                cut = Math.min(cut, at);
            }
        }
        return r.substring(0, cut).replaceAll("[0-9]+", "N");
    }

    private static JobClient start(EmbeddedKafka kafka, String jdbcUrl, String name) throws Exception {
        Configuration conf = HclOptions.fromArgs(new String[] {
            "--kafka.bootstrap-servers",
            kafka.bootstrapServers(),
            "--kafka.starting-offsets",
            "earliest",
            "--kafka.group-id",
            name,
            "--kafka.topic.telemetry",
            name + ".raw",
            "--kafka.topic.dlq",
            name + ".dlq",
            "--kafka.topic.decisions",
            name + ".decisions",
            "--kafka.topic.actions",
            name + ".actions",
            "--kafka.topic.analysis",
            name + ".analysis",
            "--jdbc.url",
            jdbcUrl,
            "--jdbc.user",
            "postgres",
            "--jdbc.batch-interval",
            "200 ms",
            "--job.checkpoint-interval",
            "2 s",
            "--watermark.out-of-orderness",
            "30 s",
            "--watermark.idleness",
            "2 s",
            "--input.max-future-skew",
            SKEW.toSeconds() + " s",
            "--input.max-lateness",
            LATENESS.toSeconds() + " s"
        });
        HclJob.prepare(conf);
        Configuration cluster = new Configuration();
        cluster.setString("restart-strategy.type", "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, cluster);
        HclJob.attach(env, conf);
        return env.executeAsync("hcl fuzz " + name);
    }

    private static String createDatabase(EmbeddedPostgresServer pg, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl())) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        return pg.jdbcUrl().replace("/postgres?", "/" + name + "?");
    }

    private static void produce(String brokers, String topic, List<String> records) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (String r : records) {
                producer.send(new ProducerRecord<>(topic, null, r));
            }
            producer.flush();
        }
    }

    private static long awaitCount(String url, String sql, long n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long count = 0;
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(url);
                    ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                count = rs.getLong(1);
            }
            if (count >= n) {
                Thread.sleep(1000); // and no more than n
                try (Connection c = DriverManager.getConnection(url);
                        ResultSet rs = c.createStatement().executeQuery(sql)) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
            Thread.sleep(500);
        }
        return count;
    }

    /** The ids of the decisions in {@code url}'s hcl_decisions once they have not changed for 5 s. */
    private static Set<String> stableDecisions(String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Set<String> last = Set.of();
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Set<String> now = new TreeSet<>();
            try (Connection c = DriverManager.getConnection(url);
                    ResultSet rs =
                            c.createStatement().executeQuery("SELECT id::text, service, trigger FROM hcl_decisions")) {
                while (rs.next()) {
                    now.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                }
            }
            if (!now.equals(last)) {
                last = now;
                stableSince = System.nanoTime();
            } else if (!now.isEmpty()
                    && System.nanoTime() - stableSince > Duration.ofSeconds(5).toNanos()) {
                return now;
            }
            Thread.sleep(500);
        }
        return last;
    }

    private static List<JsonNode> read(String brokers, String topic, int n, Duration timeout) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "10485760");
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
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
            // Nothing more than expected: one more short poll.
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofSeconds(2))) {
                out.add(Json.MAPPER.readTree(r.value()));
            }
        }
        return out;
    }
}
