package io.maximus.hcl.jobs.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maximus.hcl.collector.TelemetryProducer;
import io.maximus.hcl.core.KafkaSecurity;
import io.maximus.hcl.core.Topics;
import io.maximus.hcl.jobs.HclJob;
import io.maximus.hcl.jobs.HclOptions;
import io.maximus.hcl.jobs.local.EmbeddedKafka;
import io.maximus.hcl.knowledge.api.KafkaAnswerPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every HCL Kafka client against a real in-process KRaft broker whose listener requires SASL with SCRAM-SHA-512 (the
 * Kubernetes contract: the JAAS line in {@code HCL_KAFKA_SASL_JAAS_CONFIG}): the collector's producer, the API's
 * approvals publisher and the job's sources and sinks connect with the right credentials; a client with a wrong
 * password or without SASL is refused.
 */
// Not in the approvals end-to-end JVM, whose actuator environment names a webhook file only that test writes.
@DisabledIfEnvironmentVariable(named = "HCL_APPROVAL_WEBHOOK_URL_FILE", matches = ".*")
class KafkaSaslScramTest {

    private static final String USER = "hcl-job";
    private static final String PASSWORD = "scram-test-password";

    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.startWithScram();
        kafka.addScramUser(USER, PASSWORD);
        kafka.createHclTopics(1);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static KafkaSecurity security(String password) {
        // Only the secret is given: auto picks SASL_PLAINTEXT, the default mechanism is SCRAM-SHA-512.
        return KafkaSecurity.of(Map.of(), Map.of(KafkaSecurity.JAAS_SECRET, EmbeddedKafka.scramJaas(USER, password)));
    }

    @Test
    void theRightCredentialsProduceAndConsumeAndTheApiPublishes() throws Exception {
        KafkaSecurity sec = security(PASSWORD);
        assertThat(sec.toString()).isEqualTo("SASL_PLAINTEXT SCRAM-SHA-512");
        try (TelemetryProducer producer = new TelemetryProducer(kafka.bootstrapServers(), "sasl.check", sec)) {
            producer.sendRaw("k", "hello over scram");
            producer.flush();
        }
        try (KafkaAnswerPublisher publisher =
                new KafkaAnswerPublisher(kafka.bootstrapServers(), "sasl.check", Duration.ofSeconds(10), sec)) {
            publisher.publish("k", "an answer over scram");
        }
        assertThat(read(sec, "sasl.check", 2, Duration.ofSeconds(60)))
                .containsExactly("hello over scram", "an answer over scram");
    }

    @Test
    void aWrongPasswordIsRefusedByAuthentication() {
        Properties p = security("not-the-password").applyTo(producerProps());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("sasl.check", "x"))
                            .get(20, TimeUnit.SECONDS))
                    .isInstanceOfAny(SaslAuthenticationException.class, ExecutionException.class)
                    .satisfies(e -> assertThat(rootOrSelf(e)).isInstanceOf(SaslAuthenticationException.class));
        }
    }

    @Test
    void aClientWithoutSaslGetsNothingThrough() {
        Properties p = KafkaSecurity.plaintext().applyTo(producerProps());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            // The broker drops the connection of a client that does not start SASL: no metadata, no write.
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("sasl.check", "x"))
                            .get(20, TimeUnit.SECONDS))
                    .isNotNull();
        }
        assertThatThrownBy(() -> KafkaSecurity.of(Map.of(KafkaSecurity.PROTOCOL, "SASL_PLAINTEXT"), Map.of()))
                .hasMessageContaining(KafkaSecurity.JAAS_SECRET);
    }

    @Test
    void theJobsSourcesAndSinksConnectWithTheOptions() throws Exception {
        Path jaas = dir.resolve("jaas");
        Files.writeString(jaas, EmbeddedKafka.scramJaas(USER, PASSWORD) + "\n");
        Configuration conf = HclOptions.fromArgs(new String[] {
            "--kafka.bootstrap-servers", kafka.bootstrapServers(),
            "--kafka.starting-offsets", "earliest",
            "--kafka.security.protocol", "SASL_PLAINTEXT",
            "--kafka.security.sasl.mechanism", "SCRAM-SHA-512",
            "--kafka.security.sasl.jaas-config-file", jaas.toString(),
            "--job.checkpoint-interval", "1 s",
            "--jdbc.url=" // no knowledge base: Kafka only
        });
        KafkaSecurity sec = security(PASSWORD);
        try (TelemetryProducer producer = new TelemetryProducer(kafka.bootstrapServers(), Topics.TELEMETRY_RAW, sec)) {
            producer.sendRaw("h", "not telemetry at all");
            producer.flush();
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        HclJob.attach(env, conf);
        JobClient job = env.executeAsync("hcl over sasl");
        try {
            // Read by the telemetry source, dead-lettered by the parser, written by the dead-letter sink: all SASL.
            List<String> dlq = read(sec, Topics.TELEMETRY_DLQ, 1, Duration.ofSeconds(120));
            assertThat(dlq).singleElement().asString().contains("not telemetry at all");
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "8000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "8000");
        return p;
    }

    private static List<String> read(KafkaSecurity sec, String topic, int n, Duration timeout) {
        Properties p = sec.properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "sasl-test-" + topic);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            while (values.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    private static Throwable rootOrSelf(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof SaslAuthenticationException)) {
            t = t.getCause();
        }
        return t;
    }
}
