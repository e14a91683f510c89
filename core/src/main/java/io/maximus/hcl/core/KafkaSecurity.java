package io.maximus.hcl.core;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The security settings every HCL Kafka client (the job's sources and sinks, the collector, the API's approvals
 * producer) adds to its own properties: {@code security.protocol}, SASL and TLS, from the options
 * {@code kafka.security.*} and the secrets {@code HCL_KAFKA_SASL_JAAS_CONFIG}, {@code HCL_KAFKA_SSL_TRUSTSTORE_PASSWORD},
 * {@code HCL_KAFKA_SSL_KEYSTORE_PASSWORD} and {@code HCL_KAFKA_SSL_KEY_PASSWORD} (each also as {@code NAME_FILE}, see
 * {@link Secrets}).
 *
 * <p>{@code kafka.security.protocol} unset (or {@code auto}): {@code SASL_PLAINTEXT} when a JAAS config is given, else
 * {@code PLAINTEXT}; so a workload that only mounts its Strimzi user Secret as {@code HCL_KAFKA_SASL_JAAS_CONFIG}
 * speaks SCRAM-SHA-512 (the default mechanism) to the listener. A SASL protocol without a JAAS config, or an unknown
 * protocol, is refused when the settings are read.
 */
public final class KafkaSecurity implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Option: PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL or auto. */
    public static final String PROTOCOL = "kafka.security.protocol";
    /** Option: the SASL mechanism (default SCRAM-SHA-512). */
    public static final String SASL_MECHANISM = "kafka.security.sasl.mechanism";
    /** Option: a file holding the JAAS line, read when the secret's variables are unset (a mounted secret). */
    public static final String JAAS_FILE = "kafka.security.sasl.jaas-config-file";
    /** Option: path of the TLS truststore (PKCS12 or JKS). */
    public static final String TRUSTSTORE = "kafka.security.ssl.truststore.location";
    /** Option: type of the truststore and keystore (default PKCS12). */
    public static final String STORE_TYPE = "kafka.security.ssl.store-type";
    /** Option: path of the TLS keystore (client certificate, for mutual TLS). */
    public static final String KEYSTORE = "kafka.security.ssl.keystore.location";
    /** Option: the endpoint identification algorithm (default https; empty turns host name checks off). */
    public static final String ENDPOINT_IDENTIFICATION = "kafka.security.ssl.endpoint-identification-algorithm";

    /** Secret: the client's JAAS line, e.g. the {@code sasl.jaas.config} key of a Strimzi user Secret. */
    public static final String JAAS_SECRET = "HCL_KAFKA_SASL_JAAS_CONFIG";
    /** Secret: the truststore password. */
    public static final String TRUSTSTORE_PASSWORD_SECRET = "HCL_KAFKA_SSL_TRUSTSTORE_PASSWORD";
    /** Secret: the keystore password. */
    public static final String KEYSTORE_PASSWORD_SECRET = "HCL_KAFKA_SSL_KEYSTORE_PASSWORD";
    /** Secret: the private key's password (default: the keystore password). */
    public static final String KEY_PASSWORD_SECRET = "HCL_KAFKA_SSL_KEY_PASSWORD";

    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    private final Properties props;
    private final String protocol;

    private KafkaSecurity(Properties props, String protocol) {
        this.props = props;
        this.protocol = protocol;
    }

    /** No security: plaintext without authentication (local runs, tests). */
    public static KafkaSecurity plaintext() {
        Properties p = new Properties();
        p.put("security.protocol", "PLAINTEXT");
        return new KafkaSecurity(p, "PLAINTEXT");
    }

    /** The settings from the options {@code kafka.security.*} and the secrets of the process environment. */
    public static KafkaSecurity fromEnvironment(Map<String, String> options) {
        return of(options, System.getenv());
    }

    /** The settings from the options {@code kafka.security.*} (absent: defaults) and the secrets in {@code env}. */
    public static KafkaSecurity of(Map<String, String> options, Map<String, String> env) {
        String jaas = Secrets.read(env, JAAS_SECRET, options.get(JAAS_FILE));
        String protocol = opt(options, PROTOCOL, "auto").toUpperCase(Locale.ROOT);
        if (protocol.equals("AUTO")) {
            protocol = jaas != null ? "SASL_PLAINTEXT" : "PLAINTEXT";
        }
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException(
                    PROTOCOL + " must be PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL or auto: " + protocol);
        }
        Properties p = new Properties();
        p.put("security.protocol", protocol);
        if (protocol.startsWith("SASL_")) {
            if (jaas == null) {
                throw new IllegalArgumentException(PROTOCOL + "=" + protocol + " needs the client's JAAS line in "
                        + JAAS_SECRET + " or the file named by " + JAAS_SECRET + "_FILE");
            }
            p.put("sasl.mechanism", opt(options, SASL_MECHANISM, "SCRAM-SHA-512"));
            p.put("sasl.jaas.config", jaas);
        }
        if (protocol.endsWith("SSL")) {
            String type = opt(options, STORE_TYPE, "PKCS12");
            String truststore = opt(options, TRUSTSTORE, "");
            if (!truststore.isEmpty()) {
                p.put("ssl.truststore.location", truststore);
                p.put("ssl.truststore.type", type);
                putSecret(p, "ssl.truststore.password", env, TRUSTSTORE_PASSWORD_SECRET);
            }
            String keystore = opt(options, KEYSTORE, "");
            if (!keystore.isEmpty()) {
                p.put("ssl.keystore.location", keystore);
                p.put("ssl.keystore.type", type);
                putSecret(p, "ssl.keystore.password", env, KEYSTORE_PASSWORD_SECRET);
                String key = Secrets.read(env, KEY_PASSWORD_SECRET);
                if (key != null) {
                    p.put("ssl.key.password", key);
                }
            }
            if (options.containsKey(ENDPOINT_IDENTIFICATION)) {
                p.put("ssl.endpoint.identification.algorithm", options.get(ENDPOINT_IDENTIFICATION));
            }
        }
        return new KafkaSecurity(p, protocol);
    }

    /** The Kafka client properties of these settings (a copy; secrets included, so never log it). */
    public Properties properties() {
        Properties copy = new Properties();
        copy.putAll(props);
        return copy;
    }

    /** Adds these settings to a client's {@code target} properties and returns them. */
    public Properties applyTo(Properties target) {
        target.putAll(props);
        return target;
    }

    /** The effective security protocol. */
    public String protocol() {
        return protocol;
    }

    /** A description without secrets, e.g. {@code SASL_PLAINTEXT SCRAM-SHA-512}. */
    @Override
    public String toString() {
        String mechanism = props.getProperty("sasl.mechanism");
        return mechanism == null ? protocol : protocol + " " + mechanism;
    }

    private static void putSecret(Properties p, String key, Map<String, String> env, String secret) {
        String v = Secrets.read(env, secret);
        if (v != null) {
            p.put(key, v);
        }
    }

    private static String opt(Map<String, String> options, String key, String fallback) {
        String v = options.get(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
