package io.maximus.hcl.knowledge.api;

import io.maximus.hcl.core.KafkaSecurity;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --kafka.security.*} flags of the commands with a Kafka client ({@code hcl api}, {@code hcl collect}), a
 * picocli mixin; the secrets (JAAS line, store passwords) come from the environment only ({@link KafkaSecurity}).
 */
public final class KafkaSecurityFlags {

    @Option(
            names = "--kafka.security.protocol",
            defaultValue = "auto",
            description = "PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL or auto: SASL_PLAINTEXT when "
                    + "HCL_KAFKA_SASL_JAAS_CONFIG(_FILE) is set, else PLAINTEXT (default ${DEFAULT-VALUE})")
    String protocol;

    @Option(
            names = "--kafka.security.sasl.mechanism",
            defaultValue = "SCRAM-SHA-512",
            description = "SASL mechanism (default ${DEFAULT-VALUE})")
    String mechanism;

    @Option(
            names = "--kafka.security.ssl.truststore.location",
            defaultValue = "",
            description = "TLS truststore; password from HCL_KAFKA_SSL_TRUSTSTORE_PASSWORD(_FILE)")
    String truststore;

    @Option(
            names = "--kafka.security.ssl.keystore.location",
            defaultValue = "",
            description = "TLS keystore (mutual TLS); password from HCL_KAFKA_SSL_KEYSTORE_PASSWORD(_FILE)")
    String keystore;

    @Option(
            names = "--kafka.security.ssl.store-type",
            defaultValue = "PKCS12",
            description = "type of both stores (default ${DEFAULT-VALUE})")
    String storeType;

    /** The flags as {@code kafka.security.*} options. */
    public Map<String, String> options() {
        Map<String, String> m = new HashMap<>();
        m.put(KafkaSecurity.PROTOCOL, protocol);
        m.put(KafkaSecurity.SASL_MECHANISM, mechanism);
        m.put(KafkaSecurity.TRUSTSTORE, truststore);
        m.put(KafkaSecurity.KEYSTORE, keystore);
        m.put(KafkaSecurity.STORE_TYPE, storeType);
        return m;
    }
}
