package io.maximus.hcl.sinks.kafka;

import io.maximus.hcl.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.util.function.SerializableFunction;

/** Kafka sinks that write HCL records as one JSON object per record, keyed for per-scope ordering. */
public final class JsonKafkaSinks {

    private JsonKafkaSinks() {}

    /**
     * A sink writing each element as JSON to {@code topic}, with the record key from {@code key} (may return null).
     *
     * @param guarantee AT_LEAST_ONCE for consumers that dedupe by id (decisions carry stable ids)
     */
    public static <T> KafkaSink<T> json(
            String bootstrapServers,
            String topic,
            SerializableFunction<T, String> key,
            DeliveryGuarantee guarantee,
            Properties producerProps) {
        return json(bootstrapServers, topic, key, guarantee, producerProps, null);
    }

    /**
     * As {@link #json(String, String, SerializableFunction, DeliveryGuarantee, Properties)}; with EXACTLY_ONCE the
     * sink writes in Kafka transactions whose ids start with {@code transactionalIdPrefix} (unique per sink and job).
     */
    public static <T> KafkaSink<T> json(
            String bootstrapServers,
            String topic,
            SerializableFunction<T, String> key,
            DeliveryGuarantee guarantee,
            Properties producerProps,
            String transactionalIdPrefix) {
        var builder = KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setKafkaProducerConfig(producerProps)
                .setDeliveryGuarantee(guarantee);
        if (transactionalIdPrefix != null) {
            builder.setTransactionalIdPrefix(transactionalIdPrefix);
        }
        return builder.setRecordSerializer(KafkaRecordSerializationSchema.<T>builder()
                        .setTopic(topic)
                        .setKeySerializationSchema(new Utf8<>(key))
                        .setValueSerializationSchema(new Utf8<>(Json::write))
                        .build())
                .build();
    }

    /** UTF-8 bytes of a string view of the element; null stays null (no key). */
    private static final class Utf8<T> implements SerializationSchema<T> {
        private static final long serialVersionUID = 1L;
        private final SerializableFunction<T, String> view;

        Utf8(SerializableFunction<T, String> view) {
            this.view = view;
        }

        @Override
        public byte[] serialize(T element) {
            String s = view.apply(element);
            return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
        }
    }
}
