package io.maximus.hcl.collector;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.KafkaSecurity;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.core.Topics;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Streams snapshots as JSON to {@code system.telemetry.raw}, keyed by host so a host's records stay in order. */
public final class TelemetryProducer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryProducer.class);

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private volatile CollectorMetrics metrics;

    /** A plaintext producer to {@code topic} on the given brokers. */
    public TelemetryProducer(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, KafkaSecurity.plaintext());
    }

    /** A producer to {@code topic} on the given brokers with the given client security (SASL, TLS). */
    public TelemetryProducer(String bootstrapServers, String topic, KafkaSecurity security) {
        Properties p = security.properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(p);
        this.topic = topic;
    }

    /** A producer to the standard raw telemetry topic. */
    public TelemetryProducer(String bootstrapServers) {
        this(bootstrapServers, Topics.TELEMETRY_RAW);
    }

    /** Reports acknowledged sends and send failures to {@code metrics} from now on. */
    public void reportTo(CollectorMetrics metrics) {
        this.metrics = metrics;
    }

    /** Sends one snapshot; failures are logged, never thrown (the next scrape comes in 15 s). */
    public void send(TelemetrySnapshot s) {
        sendRaw(s.host(), Json.write(s));
    }

    /** Sends one raw record as it is (tests and replays of captured telemetry use it). */
    public void sendRaw(String key, String value) {
        producer.send(new ProducerRecord<>(topic, key, value), (md, e) -> {
            CollectorMetrics m = metrics;
            if (e != null) {
                LOG.warn("telemetry send failed: {}", e.toString());
                if (m != null) {
                    m.error("kafka");
                }
            } else if (m != null) {
                m.acknowledged(System.currentTimeMillis());
            }
        });
    }

    /** Waits until every record sent so far is acknowledged. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
