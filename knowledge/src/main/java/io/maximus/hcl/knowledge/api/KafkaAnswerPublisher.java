package io.maximus.hcl.knowledge.api;

import io.maximus.hcl.core.KafkaSecurity;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes approval answers to a Kafka topic ({@code hcl.approvals} by default) with {@code acks=all} and an
 * idempotent producer, waiting for the acknowledgement. A broker that cannot be reached fails the call within about
 * {@code timeout} (metadata wait plus delivery), so the API can answer 503 instead of hanging.
 */
public final class KafkaAnswerPublisher implements AnswerPublisher {

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final String bootstrap;
    private final Duration timeout;

    /** A plaintext publisher to {@code topic} on the given brokers; one call waits at most about {@code timeout}. */
    public KafkaAnswerPublisher(String bootstrapServers, String topic, Duration timeout) {
        this(bootstrapServers, topic, timeout, KafkaSecurity.plaintext());
    }

    /** A publisher to {@code topic} with the given client security; one call waits at most about {@code timeout}. */
    public KafkaAnswerPublisher(String bootstrapServers, String topic, Duration timeout, KafkaSecurity security) {
        Properties p = security.properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "hcl-api-approvals");
        long half = Math.max(1000, timeout.toMillis() / 2);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(half));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(half));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(half + 1));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
        this.topic = topic;
        this.bootstrap = bootstrapServers;
        this.timeout = timeout;
    }

    @Override
    public void publish(String key, String json) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, json)).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    @Override
    public String describe() {
        return "Kafka topic " + topic + " on " + bootstrap;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
