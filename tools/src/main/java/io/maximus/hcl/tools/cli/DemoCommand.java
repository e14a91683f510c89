package io.maximus.hcl.tools.cli;

import io.maximus.hcl.collector.Durations;
import io.maximus.hcl.collector.HostSensors;
import io.maximus.hcl.collector.SyntheticFleet;
import io.maximus.hcl.collector.TelemetryProducer;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.Topics;
import io.maximus.hcl.jobs.HclJob;
import io.maximus.hcl.jobs.HclOptions;
import io.maximus.hcl.jobs.local.EmbeddedKafka;
import io.maximus.hcl.jobs.local.EmbeddedPostgresServer;
import io.maximus.hcl.knowledge.api.ApiConfig;
import io.maximus.hcl.knowledge.api.ApiServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hcl demo}: the whole loop on this machine: a real Kafka broker (KRaft, in-process), a real PostgreSQL
 * (embedded binaries), a local Flink cluster with its web UI running the HCL job, the collector reading this host,
 * and optionally a synthetic fleet. Prints where everything is, then each decision as it is made.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Runs the whole loop locally on embedded Kafka and PostgreSQL and a local Flink cluster with its "
                + "web UI; stops on Ctrl-C or after --duration.")
public final class DemoCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

    @Option(names = "--duration", description = "Stop after this long, e.g. 10m (default: run until Ctrl-C).")
    String duration;

    @Option(names = "--ui-port", description = "Port of the Flink web UI (default: ${DEFAULT-VALUE}).")
    int uiPort = 8081;

    @Option(names = "--interval", description = "Collector scrape interval (default: ${DEFAULT-VALUE}).")
    String interval = "15s";

    @Option(names = "--fleet", description = "Also stream a synthetic fleet of N hosts (4 per service).")
    int fleet = 0;

    @Option(
            names = "--incident",
            description = "An incident in the synthetic fleet, kind:service:offset:duration, "
                    + "offset from the demo's start, e.g. cpu_spike:checkout:2m:10m. Repeatable.")
    List<String> incidents = new ArrayList<>();

    @Option(names = "--api-port", description = "Port of the decision API (default: ${DEFAULT-VALUE}).")
    int apiPort = 8080;

    @Option(names = "--service", description = "Service name this host reports as (default: ${DEFAULT-VALUE}).")
    String service = "localhost";

    @Option(
            names = {"-o", "--option"},
            description = "A job option as key=value (see flink-conf/hcl.properties).")
    Map<String, String> options = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        long startedAt = System.currentTimeMillis();
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
            kafka.createHclTopics(2);
            List<String> args = new ArrayList<>(List.of(
                    "--kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "--kafka.starting-offsets", "earliest",
                    "--jdbc.url", pg.jdbcUrl(),
                    "--jdbc.user", pg.user(),
                    "--job.checkpoint-interval", "10s"));
            options.forEach((k, v) -> {
                args.add("--" + k);
                args.add(v);
            });
            Configuration jobConf = HclOptions.fromArgs(args.toArray(String[]::new));
            HclJob.prepare(jobConf);

            Configuration flinkConf = new Configuration();
            flinkConf.set(RestOptions.PORT, uiPort);
            flinkConf.setString(
                    "metrics.reporter.prom.factory.class",
                    "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            flinkConf.setString("metrics.reporter.prom.port", "9249-9259");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flinkConf);
            env.setParallelism(2);
            HclJob.attach(env, jobConf);
            JobClient job = env.executeAsync("hcl (demo)");

            // The decision API on the demo's knowledge base: reads open, writes need the token (HCL_API_TOKEN, or
            // one made up for this run and printed below).
            String token = ApiConfig.tokenFromEnvironment(System.getenv());
            boolean tokenMadeUp = token == null;
            if (tokenMadeUp) {
                token = UUID.randomUUID().toString();
            }
            ApiServer api = ApiServer.start(ApiConfig.of(pg.jdbcUrl(), pg.user(), "")
                    .withPort(apiPort)
                    .withToken(token)
                    .withOpenReads(true)
                    .withKafka(kafka.bootstrapServers(), jobConf.get(HclOptions.TOPIC_APPROVALS)));

            ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
            TelemetryProducer producer = new TelemetryProducer(kafka.bootstrapServers());
            startCollectors(scheduler, producer, startedAt);

            Map<String, Object> info = new LinkedHashMap<>();
            info.put("flink_web_ui", "http://localhost:" + uiPort);
            info.put("prometheus_metrics", "http://localhost:9249/metrics");
            info.put("kafka_bootstrap_servers", kafka.bootstrapServers());
            info.put(
                    "topics",
                    List.of(
                            Topics.TELEMETRY_RAW,
                            Topics.TELEMETRY_DLQ,
                            Topics.ANALYSIS,
                            Topics.DECISIONS,
                            Topics.ACTIONS,
                            Topics.APPROVALS));
            info.put("jdbc_url", pg.jdbcUrl());
            info.put("decision_api", "http://localhost:" + api.port() + "/decisions");
            info.put("approvals_api", "http://localhost:" + api.port() + "/approvals?status=pending");
            info.put("api_token", tokenMadeUp ? token : "from HCL_API_TOKEN");
            info.put("job_id", job.getJobID().toString());
            System.out.println(Json.write(info));
            System.out.flush();

            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                stopping.set(true);
                                try {
                                    stopped.await(30, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "hcl-demo-shutdown"));
            long deadline = duration == null ? Long.MAX_VALUE : startedAt + Durations.parseMillis(duration);
            printDecisions(kafka.bootstrapServers(), stopping, deadline);

            LOG.info("demo stopping");
            scheduler.shutdownNow();
            producer.close();
            job.cancel().get(30, TimeUnit.SECONDS);
            api.stop();
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    private void startCollectors(ScheduledExecutorService scheduler, TelemetryProducer producer, long startedAt)
            throws Exception {
        long every = Durations.parseMillis(interval);
        String hostname = InetAddress.getLocalHost().getHostName();
        HostSensors sensors = new HostSensors();
        scheduler.scheduleAtFixedRate(
                () -> {
                    try {
                        producer.send(sensors.read(hostname, service, System.currentTimeMillis()));
                    } catch (RuntimeException e) {
                        LOG.warn("host collector failed: {}", e.toString());
                    }
                },
                0,
                every,
                TimeUnit.MILLISECONDS);
        if (fleet > 0) {
            List<SyntheticFleet.Incident> parsed = new ArrayList<>();
            for (String spec : incidents) {
                parsed.add(SyntheticFleet.Incident.parse(spec, startedAt));
            }
            int services = Math.max(1, (fleet + 3) / 4);
            SyntheticFleet synthetic = new SyntheticFleet(
                    SyntheticFleet.serviceNames(services), Math.max(1, fleet / services), parsed, 42);
            scheduler.scheduleAtFixedRate(
                    () -> {
                        long now = System.currentTimeMillis();
                        synthetic.at(now - now % every).forEach(producer::send);
                    },
                    0,
                    every,
                    TimeUnit.MILLISECONDS);
        }
    }

    private static void printDecisions(String brokers, AtomicBoolean stopping, long deadline) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "hcl-demo-console");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(Topics.DECISIONS));
            while (!stopping.get() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    System.out.println(r.value());
                    System.out.flush();
                }
            }
        }
    }
}
