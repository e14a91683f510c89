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
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real Apache Kafka broker in KRaft mode (one combined broker + controller) in this JVM, on a random port. */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
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
        return new EmbeddedKafka(cluster);
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
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(p)) {
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

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
