package io.maximus.hcl.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.collector.Durations;
import io.maximus.hcl.collector.SyntheticFleet;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.jobs.HclOptions;
import io.maximus.hcl.jobs.HclTopology;
import io.maximus.hcl.jobs.KnowledgeStage;
import io.maximus.hcl.jobs.local.EmbeddedKafka;
import io.maximus.hcl.models.forecast.RefitCpu;
import io.maximus.hcl.operators.monitor.ParseTelemetry;
import io.maximus.hcl.sinks.kafka.JsonKafkaSinks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hcl bench pipeline}: the HCL job's throughput against a Kafka → parse → Kafka pass-through in the same
 * process, then its latency at half its measured rate, on generated telemetry in an in-process Kafka broker.
 *
 * <p>Both catch-up runs read the same preloaded topic to its end (a bounded source) with the same parallelism,
 * object reuse and Kafka sink settings (JSON, lz4, at least once), without checkpoints (a bounded job with
 * checkpoints waits for one after its sources finish); the rate is records over the time from the first record
 * read to the end of the job. The live run checkpoints as configured, is fed in event-time order from another
 * thread, and measures, per anomaly score and decision on the output topics (log-append time), the time since the
 * append of the input record that produced it (a score: its host's snapshot; a decision: the first snapshot whose
 * event time let the watermark pass the decision's evidence). At its end a native savepoint is taken: its duration
 * and size on disk give {@code checkpoint_ms} and {@code state_bytes_per_key}.
 */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description = "Throughput of the HCL job against a Kafka pass-through in the same run, then its latency at"
                + " half load; prints one JSON line {\"records\", \"keys\", \"passthrough_rps\", \"hcl_rps\","
                + " \"ratio\", \"latency_p50_ms\", \"latency_p99_ms\", \"cpu_per_1k_records_ms\","
                + " \"state_bytes_per_key\", \"checkpoint_ms\", ...}. Progress on standard error.")
public final class BenchPipelineCommand implements Callable<Integer> {

    private static final long T0 = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    private static final long STEP_MS = 15_000;
    private static final String RAW = "bench.telemetry";
    private static final String PASSED = "bench.passthrough";

    @Option(names = "--services", description = "Services (default: ${DEFAULT-VALUE}).")
    int services = 50;

    @Option(names = "--hosts", description = "Hosts per service; keys = services × hosts (default: ${DEFAULT-VALUE}).")
    int hosts = 20;

    @Option(
            names = "--duration",
            description = "Event time preloaded, one snapshot per host every 15 s (default: ${DEFAULT-VALUE}).")
    String duration = "2h";

    @Option(
            names = "--metrics",
            description = "Metrics per snapshot: the fleet's own, padded with noise gauges up to this many"
                    + " (default: ${DEFAULT-VALUE}; fewer than the fleet's: the fleet's).")
    int metrics = 0;

    @Option(names = "--parallelism", description = "Parallelism of every run (default: ${DEFAULT-VALUE}).")
    int parallelism = 2;

    @Option(names = "--state-backend", description = "heap or rocksdb (default: ${DEFAULT-VALUE}).")
    String stateBackend = "heap";

    @Option(names = "--live", description = "How long the half-load run lasts (default: ${DEFAULT-VALUE}).")
    String live = "40s";

    @Option(
            names = "--keys-sweep",
            split = ",",
            description = "Instead of the three phases: for each key count (e.g. 1000,10000,100000) the pass-through"
                    + " and the HCL catch-up on --records-per-point records (keys = --services × hosts), one JSON"
                    + " line per point.")
    List<Integer> keysSweep = new ArrayList<>();

    @Option(
            names = "--records-per-point",
            description = "Records preloaded per point of --keys-sweep (default: ${DEFAULT-VALUE}).")
    long recordsPerPoint = 200_000;

    @Option(names = "--plot", description = "With --keys-sweep: write the throughput against keys as an SVG here.")
    Path plot;

    @Option(
            names = {"-o", "--option"},
            description = "A job option as key=value (e.g. jdbc.url=… to include the knowledge-base sinks,"
                    + " forecast.enabled=false). Repeatable.")
    Map<String, String> options = new LinkedHashMap<>();

    /** Runs the command standalone (the {@code hcl} launcher registers it as {@code bench pipeline}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchPipelineCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!stateBackend.equals("heap") && !stateBackend.equals("rocksdb")) {
            System.err.println("hcl bench pipeline: --state-backend must be heap or rocksdb");
            return 2;
        }
        Path checkpoints = Files.createTempDirectory("hcl-bench-cp");
        try {
            checkpointDir = checkpoints;
            if (!keysSweep.isEmpty()) {
                if (keysSweep.stream().anyMatch(k -> k < services) || recordsPerPoint < 1) {
                    System.err.println("hcl bench pipeline: every --keys-sweep point needs at least --services keys");
                    return 2;
                }
                List<Map<String, Object>> points = sweep(line -> {
                    System.out.println(Json.write(line));
                    System.out.flush();
                });
                if (plot != null) {
                    Files.writeString(plot, KeysSweepPlot.svg(points));
                    progress("plot written to " + plot);
                }
                return 0;
            }
            Map<String, Object> result = run();
            System.out.println(Json.write(result));
            return 0;
        } finally {
            deleteTree(checkpoints);
        }
    }

    /** Runs the three phases and returns the JSON line's fields. */
    Map<String, Object> run() throws Exception {
        SyntheticFleet fleet = new SyntheticFleet(SyntheticFleet.serviceNames(services), hosts, List.of(), 42);
        int keys = services * hosts;
        Map<String, Object> line = new LinkedHashMap<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String brokers = kafka.bootstrapServers();
            createTopics(brokers, Map.of(RAW, parallelism, PASSED, parallelism), false);
            long records = preload(brokers, fleet);
            line.put("records", records);
            line.put("keys", keys);

            progress("pass-through: catching up " + records + " records");
            double passRps = passThrough(brokers, records);
            progress(String.format("pass-through: %.0f records/s", passRps));

            progress("hcl: catching up " + records + " records");
            long cpu0 = processCpuNanos();
            long refitCpu0 = RefitCpu.totalNanos();
            long refits0 = RefitCpu.refits();
            double hclRps = hclCatchUp(brokers, records);
            long cpu = processCpuNanos() - cpu0;
            long refitCpu = RefitCpu.totalNanos() - refitCpu0;
            long refits = RefitCpu.refits() - refits0;
            progress(String.format("hcl: %.0f records/s", hclRps));
            line.put("passthrough_rps", Math.round(passRps));
            line.put("hcl_rps", Math.round(hclRps));
            line.put("ratio", round(hclRps / passRps, 3));

            Live l = live(brokers, fleet, Math.max(1, hclRps / 2));
            line.put("latency_p50_ms", l.scoreP50);
            line.put("latency_p99_ms", l.scoreP99);
            line.put("cpu_per_1k_records_ms", round(cpu / 1e6 / records * 1000, 2));
            // forecaster refits in (b): SARIMA fits and the selector's candidates (none before forecast.min-history)
            double serviceHours = services * Durations.parseMillis(duration) / 3_600_000.0;
            line.put("refits", refits);
            line.put("refit_cpu_ms_per_service_hour", round(refitCpu / 1e6 / serviceHours, 3));
            line.put("state_bytes_per_key", keys == 0 ? 0 : l.stateBytes / keys);
            line.put("checkpoint_ms", l.checkpointMs);
            line.put("live_rps", Math.round(l.rate));
            line.put("live_scores", l.scores);
            line.put("decisions", l.decisions);
            line.put("decision_latency_p50_ms", l.decisionP50);
            line.put("decision_latency_p99_ms", l.decisionP99);
            line.put("parallelism", parallelism);
            line.put("state_backend", stateBackend);
            line.put("metrics", metricsPerSnapshot(fleet));
            line.put(
                    "load_average",
                    round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2));
        }
        return line;
    }

    /**
     * The key sweep: per point, {@code hosts} = keys / services and enough event time for about
     * {@link #recordsPerPoint} records, preloaded into a topic of its own; then (a) and (b) as in {@link #run()}. Each
     * line goes to {@code each} as soon as it is measured; all are returned.
     */
    List<Map<String, Object>> sweep(java.util.function.Consumer<Map<String, Object>> each) throws Exception {
        List<Map<String, Object>> points = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String brokers = kafka.bootstrapServers();
            for (int k : keysSweep) {
                hosts = Math.max(1, k / services);
                int keys = services * hosts;
                long steps = Math.max(1, (recordsPerPoint + keys - 1) / keys);
                duration = steps * (STEP_MS / 1000) + "s";
                String raw = RAW + "." + keys;
                String passed = PASSED + "." + keys;
                createTopics(brokers, Map.of(raw, parallelism, passed, parallelism), false);
                SyntheticFleet fleet = new SyntheticFleet(SyntheticFleet.serviceNames(services), hosts, List.of(), 42);
                long records = preload(brokers, fleet, raw);
                progress("keys " + keys + ": pass-through, " + records + " records");
                long cpuA = processCpuNanos();
                double passRps = passThrough(brokers, records, raw, passed);
                cpuA = processCpuNanos() - cpuA;
                System.gc();
                progress("keys " + keys + ": hcl, " + records + " records");
                long cpuB = processCpuNanos();
                double hclRps = hclCatchUp(brokers, records, raw);
                cpuB = processCpuNanos() - cpuB;
                Runtime rt = Runtime.getRuntime();
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("keys", keys);
                line.put("records", records);
                line.put("snapshots_per_key", steps);
                line.put("passthrough_rps", Math.round(passRps));
                line.put("hcl_rps", Math.round(hclRps));
                line.put("ratio", round(hclRps / passRps, 3));
                line.put("passthrough_cpu_per_1k_records_ms", round(cpuA / 1e6 / records * 1000, 2));
                line.put("cpu_per_1k_records_ms", round(cpuB / 1e6 / records * 1000, 2));
                line.put("heap_used_mb_after", (rt.totalMemory() - rt.freeMemory()) >> 20);
                line.put("heap_max_mb", rt.maxMemory() >> 20);
                line.put("parallelism", parallelism);
                line.put("state_backend", stateBackend);
                line.put("metrics", metricsPerSnapshot(fleet));
                line.put(
                        "load_average",
                        round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2));
                points.add(line);
                each.accept(line);
                deleteTopics(brokers, List.of(raw, passed));
                System.gc();
            }
        }
        return points;
    }

    // ---- phase 0: preload ----

    private long preload(String brokers, SyntheticFleet fleet) throws Exception {
        return preload(brokers, fleet, RAW);
    }

    private long preload(String brokers, SyntheticFleet fleet, String topic) throws Exception {
        long end = T0 + Durations.parseMillis(duration);
        long n = 0;
        long started = System.nanoTime();
        try (KafkaProducer<String, String> p = producer(brokers)) {
            for (long t = T0; t < end; t += STEP_MS) {
                for (TelemetrySnapshot s : fleet.at(t)) {
                    p.send(new ProducerRecord<>(topic, s.host(), Json.write(pad(s))));
                    n++;
                }
                if ((t - T0) % (STEP_MS * 240) == 0) {
                    progress("preload: " + n + " records");
                }
            }
            p.flush();
        }
        progress(String.format("preload: %d records in %.1f s", n, (System.nanoTime() - started) / 1e9));
        return n;
    }

    private TelemetrySnapshot pad(TelemetrySnapshot s) {
        if (metrics <= s.metrics().size()) {
            return s;
        }
        Map<String, Double> m = new LinkedHashMap<>(s.metrics());
        long h = s.host().hashCode() * 31L + s.timestamp();
        for (int i = 0; m.size() < metrics; i++) {
            h = h * 6364136223846793005L + 1442695040888963407L;
            m.put(String.format("gauge_%02d", i), 50 + (h >>> 11) * 0x1.0p-53 * 10);
        }
        return new TelemetrySnapshot(s.timestamp(), s.host(), s.service(), m, s.labels());
    }

    private int metricsPerSnapshot(SyntheticFleet fleet) {
        return pad(fleet.at(T0).get(0)).metrics().size();
    }

    // ---- phase a: pass-through ----

    private double passThrough(String brokers, long records) throws Exception {
        return passThrough(brokers, records, RAW, PASSED);
    }

    private double passThrough(String brokers, long records, String from, String to) throws Exception {
        StreamExecutionEnvironment env = environment();
        env.getConfig().enableObjectReuse();
        DataStream<String> raw = boundedSource(env, brokers, from, "bench-pass-" + from);
        raw.process(new ParseTelemetry())
                .name("monitor: parse + validate")
                .sinkTo(JsonKafkaSinks.<TelemetrySnapshot>json(
                        brokers, to, TelemetrySnapshot::host, DeliveryGuarantee.AT_LEAST_ONCE, sinkProps()))
                .name("kafka: pass-through");
        return timed(env, "bench pass-through", records);
    }

    // ---- phase b: the HCL job catching up ----

    private double hclCatchUp(String brokers, long records) throws Exception {
        return hclCatchUp(brokers, records, RAW);
    }

    private double hclCatchUp(String brokers, long records, String from) throws Exception {
        Configuration conf = jobConf(brokers, from, "", false);
        StreamExecutionEnvironment env = environment();
        DataStream<String> raw = boundedSource(env, brokers, from, "bench-hcl-" + from);
        KnowledgeStage.attach(HclTopology.build(raw, conf), conf);
        return timed(env, "bench hcl", records);
    }

    // ---- phase c: the HCL job live at half its rate ----

    private Live live(String brokers, SyntheticFleet fleet, double rate) throws Exception {
        String in = "live.telemetry";
        String analysis = "live.analysis";
        String decisions = "live.decisions";
        createTopics(brokers, Map.of(in, parallelism, analysis, 1, decisions, 1), true);
        Configuration conf = jobConf(brokers, in, "live.", true);
        conf.set(HclOptions.TOPIC_ANALYSIS, analysis);
        conf.set(HclOptions.TOPIC_DECISIONS, decisions);
        Duration ooo = conf.get(HclOptions.OUT_OF_ORDERNESS);
        StreamExecutionEnvironment env = environment();
        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(brokers)
                .setTopics(in)
                .setGroupId("bench-live")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        DataStream<String> raw = env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka: telemetry")
                .uid("kafka-telemetry-source");
        KnowledgeStage.attach(HclTopology.build(raw, conf), conf);
        JobClient job = env.executeAsync("bench hcl live");

        Map<String, Long> appendByRecord = new ConcurrentHashMap<>();
        ConcurrentSkipListMap<Long, Long> firstAppendByTime = new ConcurrentSkipListMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong fed = new AtomicLong();
        // Scores of the first fifth of the run are left out: JIT warm-up and the job's start.
        long measureFrom = System.currentTimeMillis() + Durations.parseMillis(live) / 5;
        List<Long> scoreLat = Collections.synchronizedList(new ArrayList<>());
        List<Long> decisionLat = Collections.synchronizedList(new ArrayList<>());
        Thread feeder = new Thread(() -> feed(brokers, in, fleet, rate, stop, fed, appendByRecord, firstAppendByTime));
        Thread reader = new Thread(() -> read(
                brokers,
                List.of(analysis, decisions),
                stop,
                measureFrom,
                ooo.toMillis(),
                appendByRecord,
                firstAppendByTime,
                scoreLat,
                decisionLat));
        progress(String.format("live: feeding %.0f records/s for %d s", rate, Durations.parseMillis(live) / 1000));
        long started = System.nanoTime();
        feeder.start();
        reader.start();
        long until = System.currentTimeMillis() + Durations.parseMillis(live);
        while (System.currentTimeMillis() < until) {
            Thread.sleep(Math.min(5000, Math.max(1, until - System.currentTimeMillis())));
            progress(String.format(
                    "live: %d records fed, %d scores, %d decisions measured",
                    fed.get(), scoreLat.size(), decisionLat.size()));
        }
        double fedRate = fed.get() / ((System.nanoTime() - started) / 1e9);
        Path savepoints = Files.createTempDirectory("hcl-bench-sp");
        long sp0 = System.nanoTime();
        String sp = job.triggerSavepoint(savepoints.toUri().toString(), SavepointFormatType.NATIVE)
                .get(5, TimeUnit.MINUTES);
        long checkpointMs = (System.nanoTime() - sp0) / 1_000_000;
        long bytes = sizeOf(Path.of(java.net.URI.create(sp.startsWith("file:") ? sp : "file:" + sp)));
        stop.set(true);
        feeder.join();
        reader.join();
        job.cancel().get(1, TimeUnit.MINUTES);
        deleteTree(savepoints);
        Live l = new Live();
        l.rate = fedRate;
        l.scores = scoreLat.size();
        l.decisions = decisionLat.size();
        l.scoreP50 = percentile(scoreLat, 0.50);
        l.scoreP99 = percentile(scoreLat, 0.99);
        l.decisionP50 = percentile(decisionLat, 0.50);
        l.decisionP99 = percentile(decisionLat, 0.99);
        l.checkpointMs = checkpointMs;
        l.stateBytes = bytes;
        return l;
    }

    /** What the live run measured. */
    private static final class Live {
        double rate;
        long scores;
        long decisions;
        Long scoreP50;
        Long scoreP99;
        Long decisionP50;
        Long decisionP99;
        long checkpointMs;
        long stateBytes;
    }

    private void feed(
            String brokers,
            String topic,
            SyntheticFleet fleet,
            double rate,
            AtomicBoolean stop,
            AtomicLong fed,
            Map<String, Long> appendByRecord,
            ConcurrentSkipListMap<Long, Long> firstAppendByTime) {
        // The live fleet has a CPU spike on its first service every half hour of event time, so decisions are made.
        List<SyntheticFleet.Incident> incidents = new ArrayList<>();
        String hot = SyntheticFleet.serviceNames(services).get(0);
        for (int i = 0; i < 200; i++) {
            incidents.add(new SyntheticFleet.Incident(
                    SyntheticFleet.IncidentKind.CPU_SPIKE, hot, T0 + (i * 30 + 10) * 60_000L, 10 * 60_000L, 0));
        }
        SyntheticFleet liveFleet = new SyntheticFleet(SyntheticFleet.serviceNames(services), hosts, incidents, 7);
        long started = System.nanoTime();
        try (KafkaProducer<String, String> p = producer(brokers)) {
            for (long t = T0; !stop.get(); t += STEP_MS) {
                final long eventTime = t;
                for (TelemetrySnapshot s : liveFleet.at(t)) {
                    String id = s.host() + "@" + eventTime;
                    p.send(new ProducerRecord<>(topic, s.host(), Json.write(pad(s))), (md, e) -> {
                        if (e == null) {
                            appendByRecord.put(id, md.timestamp());
                            firstAppendByTime.merge(eventTime, md.timestamp(), Math::min);
                        }
                    });
                    long n = fed.incrementAndGet();
                    long due = started + (long) (n / rate * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 1_000_000) {
                        try {
                            Thread.sleep(wait / 1_000_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            }
        }
    }

    private static void read(
            String brokers,
            List<String> topics,
            AtomicBoolean stop,
            long measureFrom,
            long outOfOrdernessMs,
            Map<String, Long> appendByRecord,
            ConcurrentSkipListMap<Long, Long> firstAppendByTime,
            List<Long> scoreLat,
            List<Long> decisionLat) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put("group.id", "bench-latency");
        p.put("auto.offset.reset", "earliest");
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            c.subscribe(topics);
            while (!stop.get()) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    if (r.timestamp() < measureFrom) {
                        continue;
                    }
                    JsonNode n = Json.MAPPER.readTree(r.value());
                    if (r.topic().equals(topics.get(0))) {
                        if (!n.has("score") || !n.has("event_time")) {
                            continue; // a failure prediction or a forecast
                        }
                        Long in = appendByRecord.get(
                                n.path("scope").path("host").asText() + "@" + millis(n.get("event_time")));
                        if (in != null) {
                            scoreLat.add(r.timestamp() - in);
                        }
                    } else {
                        var in = firstAppendByTime.ceilingEntry(millis(n.get("timestamp")) + outOfOrdernessMs);
                        if (in != null && in.getValue() <= r.timestamp()) {
                            decisionLat.add(r.timestamp() - in.getValue());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long millis(JsonNode n) {
        return n.isNumber() ? n.asLong() : Instant.parse(n.asText()).toEpochMilli();
    }

    // ---- plumbing ----

    /** Where the live run checkpoints: on disk, as in production (the JobManager's memory holds 5 MB at most). */
    private Path checkpointDir;

    private StreamExecutionEnvironment environment() throws IOException {
        Configuration c = new Configuration();
        if (checkpointDir == null) {
            checkpointDir = Files.createTempDirectory("hcl-bench-cp");
        }
        c.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        c.set(
                org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                checkpointDir.toUri().toString());
        c.set(
                org.apache.flink.configuration.StateBackendOptions.STATE_BACKEND,
                stateBackend.equals("heap") ? "hashmap" : "rocksdb");
        c.set(
                org.apache.flink.configuration.TaskManagerOptions.MANAGED_MEMORY_SIZE,
                org.apache.flink.configuration.MemorySize.parse("256m"));
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, c);
    }

    private Configuration jobConf(String brokers, String topic, String prefix, boolean checkpoints) throws IOException {
        List<String> args = new ArrayList<>();
        options.forEach((k, v) -> {
            args.add("--" + k);
            args.add(v);
        });
        Configuration conf = HclOptions.fromArgs(args.toArray(String[]::new));
        conf.set(HclOptions.KAFKA_BOOTSTRAP, brokers);
        if (!options.containsKey(HclOptions.JDBC_URL.key())) {
            conf.set(HclOptions.JDBC_URL, ""); // no knowledge-base sinks unless asked
        }
        conf.set(HclOptions.TOPIC_TELEMETRY, topic);
        for (var o : List.of(HclOptions.TOPIC_ANALYSIS, HclOptions.TOPIC_DECISIONS, HclOptions.TOPIC_ACTIONS)) {
            conf.set(o, prefix + conf.get(o));
        }
        conf.set(HclOptions.TOPIC_DLQ, prefix + conf.get(HclOptions.TOPIC_DLQ));
        if (!checkpoints) {
            conf.set(HclOptions.CHECKPOINT_INTERVAL, Duration.ZERO);
        }
        return conf;
    }

    private DataStream<String> boundedSource(
            StreamExecutionEnvironment env, String brokers, String topic, String group) {
        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(brokers)
                .setTopics(topic)
                .setGroupId(group)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka: telemetry")
                .uid("kafka-telemetry-source")
                .map(new FirstRecord())
                .name("bench: first-record clock");
    }

    /** Runs {@code env} to its end; records per second from the first record read to the end of the job. */
    private static double timed(StreamExecutionEnvironment env, String name, long records) throws Exception {
        FirstRecord.FIRST.set(0);
        env.execute(name);
        long end = System.nanoTime();
        long first = FirstRecord.FIRST.get();
        return records / ((end - first) / 1e9);
    }

    /** Stamps the time the first record went past (the runs share this JVM: a static clock is read back). */
    static final class FirstRecord implements MapFunction<String, String> {
        private static final long serialVersionUID = 1L;
        static final AtomicLong FIRST = new AtomicLong();

        @Override
        public String map(String value) {
            if (FIRST.get() == 0) {
                FIRST.compareAndSet(0, System.nanoTime());
            }
            return value;
        }
    }

    private static void createTopics(String brokers, Map<String, Integer> topics, boolean logAppendTime)
            throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> all = new ArrayList<>();
            topics.forEach((name, partitions) -> {
                NewTopic t = new NewTopic(name, partitions, (short) 1);
                if (logAppendTime) {
                    t.configs(Map.of("message.timestamp.type", "LogAppendTime"));
                }
                all.add(t);
            });
            admin.createTopics(all).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void deleteTopics(String brokers, List<String> topics) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        try (Admin admin = Admin.create(p)) {
            admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<String, String> producer(String brokers) {
        Properties p = new Properties();
        p.put("bootstrap.servers", brokers);
        p.put("compression.type", "lz4");
        p.put("batch.size", 262_144);
        p.put("linger.ms", 20);
        p.put("acks", "all");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static Properties sinkProps() {
        Properties producer = new Properties();
        producer.put("compression.type", "lz4");
        return producer;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Long percentile(List<Long> values, double q) {
        List<Long> sorted;
        synchronized (values) {
            sorted = new ArrayList<>(values);
        }
        if (sorted.isEmpty()) {
            return null;
        }
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }

    private static void progress(String message) {
        System.err.println("hcl bench pipeline: " + message);
    }
}
