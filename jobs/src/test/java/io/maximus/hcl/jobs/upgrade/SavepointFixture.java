package io.maximus.hcl.jobs.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.collector.SyntheticFleet;
import io.maximus.hcl.collector.TelemetryProducer;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.jobs.HclJob;
import io.maximus.hcl.jobs.HclOptions;
import io.maximus.hcl.jobs.local.EmbeddedKafka;
import io.maximus.hcl.jobs.local.EmbeddedPostgresServer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Generates the savepoint fixture that proves a savepoint taken before a change restores after it (issue 11): the
 * whole job ({@link HclJob#attach}: Kafka source, the topology, Kafka and knowledge-base sinks) on a local cluster,
 * reading generated telemetry from an in-process Kafka broker and writing to an embedded PostgreSQL, stopped with a
 * savepoint (no drain: windows, CEP runs and timers stay in state) once every snapshot has been consumed.
 *
 * <p>Runs only when asked: {@code ./mvnw -B -q -o -pl jobs -am test -Dtest=SavepointFixture
 * -Dsurefire.failIfNoSpecifiedTests=false -Dhcl.savepoint.generate=/tmp/sp}; it prints the savepoint's directory
 * and each operator's state size. The telemetry and options here are shared with {@link SavepointCompatibilityTest},
 * which restores the committed copy and feeds the same broker layout the minutes after it.
 */
// Not in the approvals end-to-end JVM (surefire's second execution, whose actuator environment names a webhook file
// that only that test writes).
@DisabledIfEnvironmentVariable(named = "HCL_APPROVAL_WEBHOOK_URL_FILE", matches = ".*")
public class SavepointFixture {

    /** Event time of the first snapshot: 2026-03-02T00:00:00Z. */
    static final long T0 = 1_772_409_600_000L;
    /** Minutes of telemetry in the savepoint: {@code [0, 20)}. */
    static final int FIXTURE_MINUTES = 20;
    /** Seconds between two snapshots of a host. */
    static final int STEP_SECONDS = 15;
    /** The fixture's directory under the test resources. */
    static final String RESOURCE = "savepoints/pre-layout-438204f";

    private SavepointFixture() {}

    /**
     * The fleet: two services of two hosts each. checkout's CPU is pinned from minute 3 to 12 (five hot windows
     * scale it up, minute 8, dry run); search's from minute 16 on, so at the savepoint three hot windows are in the
     * CEP run and a fourth in the open window: two more after the restore complete the run, none of them alone can.
     */
    static SyntheticFleet fleet() {
        return new SyntheticFleet(
                List.of("checkout", "search"),
                2,
                List.of(
                        new SyntheticFleet.Incident(
                                SyntheticFleet.IncidentKind.CPU_SPIKE, "checkout", T0 + 3 * 60_000, 9 * 60_000, 0),
                        new SyntheticFleet.Incident(
                                SyntheticFleet.IncidentKind.CPU_SPIKE, "search", T0 + 16 * 60_000, 30 * 60_000, 0)),
                11);
    }

    /** Sends the fleet's snapshots of minutes {@code [fromMinute, toMinute)} to the telemetry topic; returns how many. */
    static int send(String brokers, int fromMinute, int toMinute) {
        SyntheticFleet fleet = fleet();
        int n = 0;
        try (TelemetryProducer producer = new TelemetryProducer(brokers)) {
            for (long t = T0 + fromMinute * 60_000L; t < T0 + toMinute * 60_000L; t += STEP_SECONDS * 1000L) {
                for (TelemetrySnapshot s : fleet.at(t)) {
                    producer.send(s);
                    n++;
                }
            }
            producer.flush();
        }
        return n;
    }

    /** The job's options, the same for the fixture and the restore but where a fresh job starts reading. */
    static Configuration options(EmbeddedKafka kafka, EmbeddedPostgresServer pg, String startingOffsets, String... more)
            throws IOException {
        return HclOptions.fromArgs(Stream.concat(
                        Stream.of(new String[] {
                            "--kafka.bootstrap-servers",
                            kafka.bootstrapServers(),
                            "--kafka.starting-offsets",
                            startingOffsets,
                            "--jdbc.url",
                            pg.jdbcUrl(),
                            "--jdbc.user",
                            pg.user(),
                            "--jdbc.batch-interval",
                            "200 ms",
                            "--job.checkpoint-interval",
                            "10 min",
                            "--watermark.out-of-orderness",
                            "5 s",
                            "--watermark.idleness",
                            "2 s"
                        }),
                        Stream.of(more))
                .toArray(String[]::new));
    }

    /**
     * The local cluster's settings: parallelism 1, the default (heap) state backend, which deserializes every value
     * when it restores (stricter than RocksDB, which copies bytes), and no restarts, so a failed restore fails the job.
     */
    static Configuration cluster() {
        Configuration c = new Configuration();
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return c;
    }

    /** Loads a savepoint's metadata ({@code DIR/_metadata}). */
    static CheckpointMetadata metadata(Path savepoint) throws IOException {
        try (InputStream in = Files.newInputStream(savepoint.resolve("_metadata"))) {
            return Checkpoints.loadCheckpointMetadata(
                    new DataInputStream(in), SavepointFixture.class.getClassLoader(), savepoint.toString());
        }
    }

    /** Each operator's uid (its id when it has none) to its state size in bytes, for every operator in the savepoint. */
    static Map<String, Long> stateSizes(CheckpointMetadata metadata) {
        Map<String, Long> sizes = new TreeMap<>();
        for (OperatorState s : metadata.getOperatorStates()) {
            sizes.put(s.getOperatorUid().orElse("(no uid) " + s.getOperatorID()), s.getStateSize());
        }
        return sizes;
    }

    /** Generates the fixture into the directory given by {@code -Dhcl.savepoint.generate}. */
    @Test
    @EnabledIfSystemProperty(named = "hcl.savepoint.generate", matches = ".+")
    void generate() throws Exception {
        Path target = Path.of(System.getProperty("hcl.savepoint.generate")).toAbsolutePath();
        Files.createDirectories(target);
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
            kafka.createHclTopics(1);
            int records = send(kafka.bootstrapServers(), 0, FIXTURE_MINUTES);
            Configuration conf = options(kafka, pg, "earliest");
            HclJob.prepare(conf);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, cluster());
            HclJob.attach(env, conf);
            JobClient job = env.executeAsync("hcl savepoint fixture");
            // Every snapshot in the knowledge base's telemetry history: the source has read them all. checkout's
            // scale-up decided: the execute stage has state.
            await(pg, "SELECT count(*) FROM hcl_telemetry", records, Duration.ofSeconds(120));
            await(pg, "SELECT count(*) FROM hcl_decisions WHERE service = 'checkout'", 1, Duration.ofSeconds(60));
            String path = job.stopWithSavepoint(false, target.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(120, TimeUnit.SECONDS);
            Path savepoint = Path.of(java.net.URI.create(path.startsWith("file:") ? path : "file:" + path));
            System.out.println("savepoint: " + savepoint + " (" + records + " records)");
            stateSizes(metadata(savepoint))
                    .forEach((uid, size) -> System.out.println(String.format(Locale.ROOT, "| %s | %d |", uid, size)));
            try (Stream<Path> files = Files.walk(savepoint)) {
                System.out.println("bytes on disk: "
                        + files.filter(Files::isRegularFile)
                                .mapToLong(p -> p.toFile().length())
                                .sum());
            }
            assertThat(stateSizes(metadata(savepoint))).containsKeys(SavepointCompatibilityTest.STATEFUL_UIDS);
        }
    }

    /** Polls a count query until it reaches {@code n}; fails after {@code timeout}. */
    static void await(EmbeddedPostgresServer pg, String sql, long n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long count = -1;
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
                    ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                count = rs.getLong(1);
            }
            if (count >= n) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(sql + " gave " + count + ", not " + n + ", within " + timeout);
    }
}
