package io.maximus.hcl.sinks.knowledge;

import io.maximus.hcl.core.DeadLetter;
import io.maximus.hcl.core.Json;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends a refused row to the dead-letter topic as a {@link DeadLetter}: {@code raw} the row as JSON (cut to
 * {@code maxRawBytes}), {@code reason} "knowledge base refused the row for TABLE: SQLSTATE message". Waits for the
 * broker's acknowledgement, so a refusal is on the topic before the batch it came from is done (at least once).
 */
public final class KafkaRowRefusals implements RowRefusals {

    private static final long serialVersionUID = 1L;

    private final String brokers;
    private final String topic;
    private final int maxRawBytes;
    private final Properties extra;
    /** One producer per broker list in this JVM (its I/O thread is a daemon), shared by every sink task. */
    private static final Map<String, KafkaProducer<String, String>> PRODUCERS = new ConcurrentHashMap<>();

    /** Refusals to {@code topic} on {@code brokers}, raw rows cut to {@code maxRawBytes} of UTF-8. */
    public KafkaRowRefusals(String brokers, String topic, int maxRawBytes, Properties extra) {
        this.brokers = brokers;
        this.topic = topic;
        this.maxRawBytes = maxRawBytes;
        this.extra = extra == null ? new Properties() : extra;
    }

    @Override
    public void refused(String table, Object row, String reason) throws Exception {
        KafkaProducer<String, String> producer = PRODUCERS.computeIfAbsent(brokers + " " + extra, k -> {
            Properties p = new Properties();
            p.putAll(extra);
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            return new KafkaProducer<>(p);
        });
        DeadLetter d = DeadLetter.of(
                Json.write(row),
                "knowledge base refused the row for " + table + ": " + reason,
                System.currentTimeMillis(),
                maxRawBytes);
        producer.send(new ProducerRecord<>(topic, null, Json.write(d))).get(60, TimeUnit.SECONDS);
        RowRefusals.logger()
                .warn("{\"event\": \"row_refused\", \"table\": \"{}\", \"dead_letter_topic\": \"{}\"}", table, topic);
    }
}
