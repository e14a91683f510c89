package io.maximus.hcl.tools.lab;

import io.maximus.hcl.collector.PromQlMapping;
import io.maximus.hcl.collector.PrometheusQueryReader;
import io.maximus.hcl.collector.TelemetryProducer;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.core.Topics;
import io.maximus.hcl.jobs.HclJob;
import io.maximus.hcl.jobs.HclOptions;
import io.maximus.hcl.jobs.local.EmbeddedKafka;
import io.maximus.hcl.jobs.local.EmbeddedPostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * HCL's side of the lab, in its own JVM so the actuators read their {@code HCL_*} environment as on a task manager:
 * an in-process Kafka broker, an embedded PostgreSQL knowledge base, the HCL job on a local Flink cluster, and the
 * collector reading the lab's Prometheus server with the lab's mapping every interval. Decisions, action events and
 * each collection cycle are appended as JSON lines to files in the lab directory; it stops when the file
 * {@code stop} appears there.
 *
 * <p>Arguments: {@code DIR PROMETHEUS_URL MAPPING_FILE INTERVAL_MS [job option key=value …]}.
 */
public final class LabJob {

    private LabJob() {}

    /** Runs until {@code DIR/stop} exists. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String prometheus = args[1];
        PromQlMapping mapping = PromQlMapping.load(Path.of(args[2]));
        long every = Long.parseLong(args[3]);
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
            kafka.createHclTopics(1);
            List<String> jobArgs = new ArrayList<>(List.of(
                    "--kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "--kafka.starting-offsets", "earliest",
                    "--jdbc.url", pg.jdbcUrl(),
                    "--jdbc.user", pg.user()));
            for (int i = 4; i < args.length; i++) {
                String[] kv = args[i].split("=", 2);
                jobArgs.add("--" + kv[0]);
                jobArgs.add(kv[1]);
            }
            Configuration conf = HclOptions.fromArgs(jobArgs.toArray(String[]::new));
            HclJob.prepare(conf);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
            HclJob.attach(env, conf);
            JobClient job = env.executeAsync("hcl (lab)");

            Thread tail = new Thread(() -> tail(kafka.bootstrapServers(), dir), "lab-tail");
            tail.setDaemon(true);
            tail.start();
            try (TelemetryProducer producer = new TelemetryProducer(kafka.bootstrapServers());
                    PrometheusQueryReader reader =
                            new PrometheusQueryReader(prometheus, mapping, Duration.ofSeconds(2), 4, "lab", "lab")) {
                Files.writeString(dir.resolve("job-ready"), job.getJobID().toString());
                long next = System.currentTimeMillis();
                while (!Files.exists(dir.resolve("stop"))) {
                    long now = System.currentTimeMillis();
                    if (now >= next) {
                        next = now - now % every + every;
                        PrometheusQueryReader.Cycle c = reader.read(now);
                        for (TelemetrySnapshot s : c.snapshots()) {
                            producer.send(s);
                        }
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("at", now);
                        m.put("latency_ms", c.latencyMillis());
                        m.put("queries", c.queries());
                        m.put("failed", c.failures().size());
                        Map<String, Integer> perSnapshot = new LinkedHashMap<>();
                        for (TelemetrySnapshot s : c.snapshots()) {
                            perSnapshot.put(
                                    s.service() + "/" + s.host(), s.metrics().size());
                        }
                        m.put("metrics", perSnapshot);
                        Map<String, Object> app = new LinkedHashMap<>();
                        for (TelemetrySnapshot s : c.snapshots()) {
                            if ("app".equals(s.service())) {
                                app.put(s.host(), s.metrics());
                            }
                        }
                        m.put("app", app);
                        append(dir.resolve("collector.jsonl"), Json.write(m));
                    }
                    Thread.sleep(100);
                }
            }
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static void tail(String brokers, Path dir) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "hcl-lab");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(Topics.DECISIONS, Topics.ACTIONS));
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                    String file = r.topic().equals(Topics.DECISIONS) ? "decisions.jsonl" : "actions.jsonl";
                    append(dir.resolve(file), System.currentTimeMillis() + "\t" + r.value());
                }
            }
        } catch (RuntimeException e) {
            append(dir.resolve("job-errors.log"), e.toString());
        }
    }

    private static synchronized void append(Path file, String line) {
        try {
            Files.writeString(
                    file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
