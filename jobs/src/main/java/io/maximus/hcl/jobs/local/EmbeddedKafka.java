package io.maximus.hcl.jobs.local;

import io.maximus.hcl.core.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real Apache Kafka broker in KRaft mode (one combined broker + controller) in this JVM, on a random port. */
public final class EmbeddedKafka implements AutoCloseable {

    /** The broker's administrator on a SASL listener (the test kit's PLAIN super user). */
    public static final String ADMIN_JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"plain-admin\" password=\"plain-admin-secret\";";

    private final KafkaClusterTestKit cluster;
    private final Properties adminSecurity;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Properties adminSecurity) {
        this.cluster = cluster;
        this.adminSecurity = adminSecurity;
    }

    /**
     * Formats and starts a fresh single-node cluster whose client listener is SASL_PLAINTEXT with the mechanisms
     * SCRAM-SHA-512 (clients, as the Kubernetes listener) and PLAIN (the test kit's inter-broker administrator);
     * authenticated clients may use any topic. Add users with {@link #addScramUser}.
     */
    public static EmbeddedKafka startWithScram() throws Exception {
        java.io.PrintStream stdout = System.out;
        System.setOut(System.err);
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                            .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512")
                    // Authentication is what is tested here; ACLs are the cluster's business (k8s/kafka/users.yaml).
                    .setConfigProp("allow.everyone.if.no.acl.found", "true")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            Properties admin = new Properties();
            admin.put("security.protocol", "SASL_PLAINTEXT");
            admin.put("sasl.mechanism", "PLAIN");
            admin.put("sasl.jaas.config", ADMIN_JAAS);
            return new EmbeddedKafka(cluster, admin);
        } finally {
            System.setOut(stdout);
        }
    }

    /** Creates (or updates) the SCRAM-SHA-512 credential of {@code user} with the Admin API. */
    public void addScramUser(String user, String password) throws Exception {
        try (Admin admin = Admin.create(adminProperties())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /** The JAAS line of a SCRAM client, as a Strimzi user Secret's {@code sasl.jaas.config} holds it. */
    public static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** Properties of an administrator client of this broker (bootstrap servers and, with SASL, credentials). */
    public Properties adminProperties() {
        Properties p = new Properties();
        p.putAll(adminSecurity);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    /** Formats and starts a fresh single-node cluster and waits until its broker is ready. */
    public static EmbeddedKafka start() throws Exception {
        // The test kit prints its formatting progress to standard output; keep stdout for results.
        java.io.PrintStream stdout = System.out;
        System.setOut(System.err);
        try {
            return startQuietly();
        } finally {
            System.setOut(stdout);
        }
    }

    private static EmbeddedKafka startQuietly() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new EmbeddedKafka(cluster, new Properties());
    }

    /** The bootstrap servers of the broker. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates HCL's topics (telemetry with {@code telemetryPartitions} partitions) if they do not exist. */
    public void createHclTopics(int telemetryPartitions) throws Exception {
        createTopics(Map.of(
                Topics.TELEMETRY_RAW,
                telemetryPartitions,
                Topics.TELEMETRY_DLQ,
                1,
                Topics.ANALYSIS,
                1,
                Topics.DECISIONS,
                1,
                Topics.ACTIONS,
                1,
                Topics.APPROVALS,
                1));
    }

    /** Creates topics, name to partition count, replication factor 1; existing ones are left as they are. */
    public void createTopics(Map<String, Integer> topics) throws Exception {
        try (Admin admin = Admin.create(adminProperties())) {
            List<NewTopic> all = new ArrayList<>();
            topics.forEach((name, partitions) -> all.add(new NewTopic(name, partitions, (short) 1)));
            try {
                admin.createTopics(all).all().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Stops the broker (the KRaft controller keeps running), waits {@code down}, and starts it again on the same port
     * and log directories; returns once it is ready. Clients see the broker vanish and come back, as after a restart.
     */
    public void restartBroker(java.time.Duration down) throws Exception {
        stopBroker();
        Thread.sleep(down.toMillis());
        startBroker();
    }

    /** Stops the broker (the KRaft controller keeps running); its port refuses connections until {@link #startBroker}. */
    public void stopBroker() {
        kafka.server.BrokerServer broker = broker();
        broker.shutdown();
        broker.awaitShutdown();
    }

    /** Starts the stopped broker again on the same port and log directories; returns once it is ready. */
    public void startBroker() throws Exception {
        broker().startup();
        cluster.waitForReadyBrokers();
    }

    private kafka.server.BrokerServer broker() {
        return cluster.brokers().values().iterator().next();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
