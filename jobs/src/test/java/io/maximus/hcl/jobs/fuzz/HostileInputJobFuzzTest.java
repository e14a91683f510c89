package io.maximus.hcl.jobs.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.collector.SyntheticFleet;
import io.maximus.hcl.core.HostileTelemetry;
import io.maximus.hcl.core.InputBounds;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.StreamClock;
import io.maximus.hcl.core.TelemetryParser;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.jobs.HclJob;
import io.maximus.hcl.jobs.HclOptions;
import io.maximus.hcl.jobs.HclTopology;
import io.maximus.hcl.jobs.KnowledgeStage;
import io.maximus.hcl.jobs.local.EmbeddedKafka;
import io.maximus.hcl.jobs.local.EmbeddedPostgresServer;
import io.maximus.hcl.operators.monitor.LateRecords;
import io.maximus.hcl.operators.monitor.ParseTelemetry;
import java.nio.charset.StandardCharsets;
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
import java.util.function.BiConsumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
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
 * Issue 15's fuzz test through the whole job: 10,000 seeded hostile records ({@link HostileTelemetry}, core's parser
 * fuzz generator) mixed into 20 minutes of fleet telemetry with a CPU incident ({@link SyntheticFleet}), on the
 * in-process Kafka broker and embedded PostgreSQL, the job's own topology ({@link HclTopology}, {@link KnowledgeStage})
 * on a bounded Kafka source (the job ends at the end of the topic: every window fires, nothing depends on timing) and
 * no restart strategy (any failure ends the job in error). Every record must end exactly once either valid or on the
 * dead-letter topic, with the reason the parser and the stream clock give offline; the decisions on the fleet must be
 * those of a clean run of the fleet alone.
 *
 * <p>The settings make every outcome deterministic: {@code input.max-lateness} is not more than
 * {@code watermark.out-of-orderness}, so a record the stream clock accepts is never behind the watermark (the
 * watermark follows the same host quorum as the clock, {@code input.confirming-hosts}); silent hosts never time out
 * during the run.
 */
class HostileInputJobFuzzTest {

    private static final long SEED = 15L;
    private static final int HOSTILE = 10_000;
    /** The fleet's first records, before the first hostile one (the stream starts on the fleet). */
    private static final int LEAD = 24;
    /** The fleet's services: none of the generator's (hostile records that are valid never join a fleet service). */
    private static final List<String> SERVICES = List.of("orders", "billing", "ledger");

    private static final long T0 = HostileTelemetry.REF - 10 * 60_000; // 2026-03-02T05:50:00Z
    private static final long STEP = 15_000;
    private static final int STEPS = 80; // 20 minutes
    /**
     * Skew, lateness and out-of-orderness equal: whatever moves the stream's event time ahead of the fleet (at most
     * the skew, and only on the word of {@link #CONFIRMING_HOSTS} hosts) leaves the fleet's next records inside the
     * window and ahead of the watermark; and a record inside the window is never behind the watermark.
     */
    private static final Duration SKEW = Duration.ofSeconds(60);

    private static final Duration OUT_OF_ORDERNESS = SKEW;
    private static final Duration LATENESS = SKEW;
    private static final int CONFIRMING_HOSTS = 3;
    private static final Duration HOST_TIMEOUT = Duration.ofHours(1);
    /** Larger than the largest generated record (5 MB): every record reaches the job (compressed on the wire). */
    private static final int MAX_REQUEST = 8 << 20;

    @Test
    void everyHostileRecordEndsValidOrDeadLetteredAndTheFleetsDecisionsDoNotChange() throws Exception {
        long started = System.nanoTime();
        List<String> fleet = fleet();

        // What the job must do, judged offline by the same parser and stream clock, record by record.
        InputBounds bounds = InputBounds.DEFAULTS.withWindow(SKEW, LATENESS);
        StreamClock clock = new StreamClock(bounds, CONFIRMING_HOSTS, HOST_TIMEOUT);
        int[] sent = new int[2]; // fleet, hostile
        int[] valid = new int[2];
        Set<String> validRows = new HashSet<>();
        Map<String, Integer> expectedReasons = new TreeMap<>();
        Map<String, int[]> byKind = new TreeMap<>(); // kind -> {sent, valid, dead-lettered}
        List<String> fleetRefused = new ArrayList<>();
        mixed(fleet, (kind, text) -> {
            boolean hostile = kind != null;
            // What the job reads: the record as Kafka carries it (UTF-8; a lone surrogate becomes '?').
            String raw = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            sent[hostile ? 1 : 0]++;
            TelemetryParser.Result r = TelemetryParser.parse(raw, bounds, InputBounds.NO_REFERENCE);
            String why = r.ok()
                    ? clock.judge(r.snapshot().host(), r.snapshot().timestamp(), System.currentTimeMillis())
                    : r.error();
            int[] k = byKind.computeIfAbsent(hostile ? kind : "fleet", x -> new int[3]);
            k[0]++;
            if (why == null) {
                valid[hostile ? 1 : 0]++;
                validRows.add(r.snapshot().host() + "|" + r.snapshot().timestamp());
                k[1]++;
            } else {
                expectedReasons.merge(why, 1, Integer::sum);
                k[2]++;
                if (!hostile) {
                    fleetRefused.add(why + ": " + raw);
                }
            }
        });
        assertThat(sent[1]).isEqualTo(HOSTILE);
        assertThat(fleetRefused).as("fleet records the stream clock refuses").isEmpty();
        int total = sent[0] + sent[1];
        long predicted = System.nanoTime();
        int deadExpected = total - valid[0] - valid[1];

        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
            kafka.createHclTopics(1);
            try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                List<NewTopic> topics = new ArrayList<>();
                for (String name : List.of("fuzz", "clean")) {
                    for (String t : List.of(".raw", ".dlq", ".decisions", ".actions", ".analysis")) {
                        topics.add(new NewTopic(name + t, 1, (short) 1));
                    }
                }
                admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            }
            String cleanDb = createDatabase(pg, "clean");
            // The clean run starts on the fleet alone while the fuzzed stream is produced.
            try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers())) {
                for (String raw : fleet) {
                    producer.send(new ProducerRecord<>("clean.raw", raw));
                }
                producer.flush();
            }
            JobClient clean = start(kafka, cleanDb, "clean");
            try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers())) {
                mixed(fleet, (kind, raw) -> producer.send(new ProducerRecord<>("fuzz.raw", raw)));
                producer.flush();
            }
            long produced = System.nanoTime();
            JobClient fuzz = start(kafka, pg.jdbcUrl(), "fuzz");
            JobExecutionResult fuzzResult = fuzz.getJobExecutionResult().get(5, TimeUnit.MINUTES);
            JobExecutionResult cleanResult = clean.getJobExecutionResult().get(5, TimeUnit.MINUTES);
            long ran = System.nanoTime();

            List<JsonNode> dead = readAll(kafka.bootstrapServers(), "fuzz.dlq");
            Map<String, Integer> reasons = new TreeMap<>();
            int deadBytesMax = 0;
            int truncated = 0;
            for (JsonNode d : dead) {
                reasons.merge(d.get("reason").asText(), 1, Integer::sum);
                int rawBytes = d.get("raw").asText().getBytes(StandardCharsets.UTF_8).length;
                deadBytesMax = Math.max(deadBytesMax, rawBytes);
                truncated += d.path("truncated").asBoolean() ? 1 : 0;
            }
            long telemetryRows = count(pg.jdbcUrl(), "SELECT count(*) FROM hcl_telemetry");
            Set<String> decisions = decisions(pg.jdbcUrl(), true);
            Set<String> cleanDecisions = decisions(cleanDb, true);
            Set<String> otherDecisions = decisions(pg.jdbcUrl(), false);

            long records = fuzzResult.<Long>getAccumulatorResult(ParseTelemetry.RECORDS);
            long rejected = fuzzResult.<Long>getAccumulatorResult(ParseTelemetry.REJECTED);
            long late = fuzzResult.<Long>getAccumulatorResult(LateRecords.LATE);
            long internal = fuzzResult.<Long>getAccumulatorResult(ParseTelemetry.INTERNAL_ERRORS);
            System.err.printf(
                    "{\"fuzz\": {\"seed\": %d, \"hostile\": %d, \"fleet\": %d, \"records_sent\": %d,"
                            + " \"valid\": %d, \"valid_hostile\": %d, \"dead_letters\": %d, \"late\": %d,"
                            + " \"internal\": %d, \"truncated\": %d, \"dead_letter_raw_bytes_max\": %d,"
                            + " \"telemetry_rows\": %d, \"fleet_decisions\": %d, \"other_decisions\": %d,"
                            + " \"predict_s\": %.1f, \"produce_s\": %.1f, \"jobs_s\": %.1f}}%n",
                    SEED,
                    sent[1],
                    sent[0],
                    total,
                    records,
                    valid[1],
                    dead.size(),
                    late,
                    internal,
                    truncated,
                    deadBytesMax,
                    telemetryRows,
                    decisions.size(),
                    otherDecisions.size(),
                    (predicted - started) / 1e9,
                    (produced - predicted) / 1e9,
                    (ran - produced) / 1e9);
            byKind.forEach((k, v) ->
                    System.err.printf("  %-28s sent %5d  valid %5d  dead-lettered %5d%n", k, v[0], v[1], v[2]));
            classes(reasons).forEach((k, v) -> System.err.printf("  dead letter class %-72s %6d%n", k, v));

            // 0 failures: both jobs ran to the end of their input (no restart strategy: any failure ends it in error).
            assertThat(cleanResult.<Long>getAccumulatorResult(ParseTelemetry.RECORDS))
                    .isEqualTo(fleet.size());
            // Every record counted exactly once, valid or dead-lettered, as judged offline.
            assertThat(records + rejected).as("valid + dead-lettered").isEqualTo(total);
            assertThat(records).as("valid").isEqualTo(valid[0] + valid[1]);
            assertThat(rejected).as("dead-lettered").isEqualTo(deadExpected);
            assertThat(late)
                    .as("late (an accepted record is never behind the watermark)")
                    .isZero();
            assertThat(internal).as("rejections the parser did not foresee").isZero();
            assertThat(dead).as("dead letters on the topic").hasSize(deadExpected);
            assertThat(reasons).as("dead letters by reason").isEqualTo(expectedReasons);
            assertThat(deadBytesMax)
                    .as("raw bytes kept in a dead letter")
                    .isLessThanOrEqualTo(bounds.maxDeadLetterBytes());
            // Every valid record is safe for the database: one row per (host, timestamp), none refused.
            assertThat(telemetryRows).as("telemetry rows").isEqualTo(validRows.size());
            // The fleet's decisions are those of the fleet alone.
            assertThat(cleanDecisions).as("decisions of the clean run").isNotEmpty();
            assertThat(decisions).as("fleet decisions with the hostile records").isEqualTo(cleanDecisions);
        }
    }

    /** The fleet's telemetry: 3 services of 2 hosts, a CPU spike on orders from minute 5 for 10 minutes. */
    private static List<String> fleet() {
        SyntheticFleet f = new SyntheticFleet(
                SERVICES,
                2,
                List.of(new SyntheticFleet.Incident(
                        SyntheticFleet.IncidentKind.CPU_SPIKE, "orders", T0 + 5 * 60_000, 10 * 60_000, 0)),
                7);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
            for (TelemetrySnapshot s : f.at(T0 + i * STEP)) {
                out.add(Json.write(s));
            }
        }
        return out;
    }

    /**
     * The fuzzed stream, record by record ({@code kind} null for a fleet record): the fleet starts it, then hostile
     * records between every two fleet records. Generated again on each call (the seed fixes it), never held whole.
     */
    private static void mixed(List<String> fleet, BiConsumer<String, String> each) {
        HostileTelemetry gen = new HostileTelemetry(SEED);
        int hostile = 0;
        int perGap = (HOSTILE + fleet.size() - LEAD - 1) / (fleet.size() - LEAD);
        for (int i = 0; i < fleet.size(); i++) {
            each.accept(null, fleet.get(i));
            for (int k = 0; i >= LEAD && k < perGap && hostile < HOSTILE; k++, hostile++) {
                HostileTelemetry.Case c = gen.next();
                each.accept(c.kind(), c.raw());
            }
        }
    }

    /** The kind of a reason: its words before the first detail (a quote, parenthesis, colon, number). */
    private static Map<String, Integer> classes(Map<String, Integer> reasons) {
        Map<String, Integer> out = new TreeMap<>();
        reasons.forEach((reason, n) -> {
            String r = reason.startsWith(LateRecords.REASON) ? "late" : reason;
            int cut = r.length();
            for (String stop : new String[] {" (", ": ", " '", " \"", " at ", " for metric", " of "}) {
                int at = r.indexOf(stop);
                if (at > 0) {
                    cut = Math.min(cut, at);
                }
            }
            out.merge(r.substring(0, cut).replaceAll("[0-9]+", "N"), n, Integer::sum);
        });
        return out;
    }

    private static JobClient start(EmbeddedKafka kafka, String jdbcUrl, String name) throws Exception {
        Configuration conf = HclOptions.fromArgs(new String[] {
            "--kafka.bootstrap-servers", kafka.bootstrapServers(),
            "--kafka.group-id", name,
            "--kafka.topic.telemetry", name + ".raw",
            "--kafka.topic.dlq", name + ".dlq",
            "--kafka.topic.decisions", name + ".decisions",
            "--kafka.topic.actions", name + ".actions",
            "--kafka.topic.analysis", name + ".analysis",
            "--jdbc.url", jdbcUrl,
            "--jdbc.user", "postgres",
            "--jdbc.batch-interval", "200 ms",
            "--job.checkpoint-interval", "0 s",
            "--watermark.out-of-orderness", OUT_OF_ORDERNESS.toSeconds() + " s",
            "--input.max-future-skew", SKEW.toSeconds() + " s",
            "--input.max-lateness", LATENESS.toSeconds() + " s",
            "--input.confirming-hosts", Integer.toString(CONFIRMING_HOSTS),
            "--input.host-timeout", HOST_TIMEOUT.toMinutes() + " min"
        });
        HclJob.prepare(conf);
        Configuration cluster = new Configuration();
        cluster.setString("restart-strategy.type", "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, cluster);
        // The job's source, bounded: it ends at the end of the topic as it is now.
        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(name + ".raw")
                .setGroupId(name)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        DataStream<String> raw = env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka: telemetry")
                .uid("kafka-telemetry-source");
        KnowledgeStage.attach(HclTopology.build(raw, conf), conf);
        return env.executeAsync("hcl fuzz " + name);
    }

    private static KafkaProducer<String, String> producer(String brokers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_REQUEST));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Integer.toString(4 * MAX_REQUEST));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(1 << 20));
        return new KafkaProducer<>(p);
    }

    private static String createDatabase(EmbeddedPostgresServer pg, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl())) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        return pg.jdbcUrl().replace("/postgres?", "/" + name + "?");
    }

    private static long count(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The decisions in {@code url}'s knowledge base on the fleet's services ({@code fleet}) or on any other. */
    private static Set<String> decisions(String url, boolean fleet) throws Exception {
        Set<String> out = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(url);
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT \"timestamp\", service, host, trigger, operational_mode,"
                                + " actions_taken::text, rule FROM hcl_decisions")) {
            while (rs.next()) {
                if (SERVICES.contains(rs.getString(2)) == fleet) {
                    StringBuilder b = new StringBuilder();
                    for (int i = 1; i <= 7; i++) {
                        b.append(i == 1 ? "" : " | ").append(rs.getString(i));
                    }
                    out.add(b.toString());
                }
            }
        }
        return out;
    }

    /** Every record of {@code topic} (one partition), read to its end offset. */
    private static List<JsonNode> readAll(String brokers, String topic) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (c.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    out.add(Json.MAPPER.readTree(r.value()));
                }
            }
        }
        return out;
    }
}
