package io.maximus.hcl.sinks.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.Decision;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-minute database outage under the job's JDBC sinks (decisions and telemetry, the same writer and connection
 * provider as the others): a TCP proxy between the sinks and the real PostgreSQL is cut for 60 s while a throttled
 * stream is being written, then restored. The sinks wait for the database and back-pressure (the source, chained to
 * them, stops emitting), then catch up: every record is in its table exactly once, and the job never failed (no
 * restart strategy, no checkpoint to fall back on: a sink failure would fail the test). {@code -Dhcl.outage.seconds}
 * shortens the outage for a quick local run.
 */
class JdbcOutageTest {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcOutageTest.class);
    private static final long T = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final int N = 1_600;
    private static final AtomicLong EMITTED = new AtomicLong();

    /** Record i of the stream, throttled to about 40 per second; counts what the source has emitted. */
    static final class Throttle implements MapFunction<Long, Long> {
        @Override
        public Long map(Long i) throws Exception {
            Thread.sleep(25);
            EMITTED.incrementAndGet();
            return i;
        }
    }

    static Decision decision(long i) {
        Action a = new Action(ActionType.SCALE_DEPLOYMENT, "svc-" + (i % 7), Map.of("replicas", 3));
        return new Decision(
                UUID.nameUUIDFromBytes(("outage-" + i).getBytes(StandardCharsets.UTF_8))
                        .toString(),
                T + i * 1000,
                Scope.service("svc-" + (i % 7)),
                "outage test " + i,
                OperationalMode.BALANCED,
                List.of(Decision.ActionTaken.of(new ActionResult(a, ActionStatus.DRY_RUN, true, "scale", "", T, T))),
                Map.of("cpu_usage", 50.0 + i % 40),
                null,
                null,
                null,
                null,
                "outage");
    }

    static TelemetrySnapshot snapshot(long i) {
        return new TelemetrySnapshot(
                T + i * 1000,
                "host-" + (i % 5),
                "svc-" + (i % 7),
                Map.of("cpu_usage", (double) (i % 100), "seq", (double) i),
                Map.of());
    }

    private static long count(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aMinuteWithoutTheDatabaseBackPressuresThenCatchesUpWithNothingLostOrDoubled() throws Exception {
        long outage = Long.getLong("hcl.outage.seconds", 60);
        String direct = KbDatabase.fresh();
        int pgPort = KbDatabase.server().getPort();
        try (CuttableProxy proxy = CuttableProxy.start(pgPort)) {
            String viaProxy = direct.replace(":" + pgPort + "/", ":" + proxy.port() + "/");
            assertThat(viaProxy).isNotEqualTo(direct);
            EMITTED.set(0);

            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
            DataStream<Long> seq =
                    env.fromSequence(0, N - 1).map(new Throttle()).name("throttle");
            Duration tolerance = Duration.ofMinutes(3);
            seq.map(i -> decision(i))
                    .name("to decisions")
                    .sinkTo(DecisionJdbcSink.create(viaProxy, "postgres", "", 50, 200, 3, tolerance))
                    .name("decisions");
            seq.map(i -> snapshot(i))
                    .name("to snapshots")
                    .sinkTo(TelemetryJdbcSink.create(viaProxy, "postgres", "", 50, 200, 3, tolerance))
                    .name("telemetry");
            JobClient job = env.executeAsync("jdbc outage");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (count(direct, "SELECT count(*) FROM hcl_decisions") < 200 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            proxy.cut();
            long cutAt = System.nanoTime();
            long rowsAtCut = count(direct, "SELECT count(*) FROM hcl_decisions");
            LOG.info("database cut off at {} rows written, {} emitted", rowsAtCut, EMITTED.get());
            Thread.sleep(Math.min(5_000, outage * 1000 / 4));
            long emittedEarly = EMITTED.get();
            Thread.sleep(outage * 1000 - (System.nanoTime() - cutAt) / 1_000_000);
            long emittedLate = EMITTED.get();
            long rowsDuring = count(direct, "SELECT count(*) FROM hcl_decisions");
            proxy.restore();
            long restoredAt = System.nanoTime();
            LOG.info(
                    "database back after {} s; source emitted {} -> {} during the outage",
                    outage,
                    emittedEarly,
                    emittedLate);

            // Caught up: everything emitted before and during the cut is in the table.
            while (count(direct, "SELECT count(*) FROM hcl_decisions") < emittedLate
                    && System.nanoTime() - restoredAt < TimeUnit.MINUTES.toNanos(3)) {
                Thread.sleep(100);
            }
            long caughtUpMs = (System.nanoTime() - restoredAt) / 1_000_000;
            job.getJobExecutionResult().get(5, TimeUnit.MINUTES); // throws if the job failed
            long decisions = count(direct, "SELECT count(*) FROM hcl_decisions");
            long distinct = count(direct, "SELECT count(DISTINCT trigger) FROM hcl_decisions");
            long telemetry = count(direct, "SELECT count(*) FROM hcl_telemetry");
            long seqs = count(direct, "SELECT count(DISTINCT (metrics->>'seq')::float8) FROM hcl_telemetry");
            LOG.info(
                    "outage {} s: {} rows before the cut, {} while cut, source +{} while cut; backlog written {} ms "
                            + "after the restore; decisions {} ({} distinct), telemetry {} ({} distinct)",
                    outage,
                    rowsAtCut,
                    rowsDuring,
                    emittedLate - emittedEarly,
                    caughtUpMs,
                    decisions,
                    distinct,
                    telemetry,
                    seqs);

            assertThat(rowsAtCut).isLessThan(N / 2);
            assertThat(rowsDuring).as("nothing written while cut off").isEqualTo(rowsAtCut);
            assertThat(emittedLate - emittedEarly)
                    .as("back-pressure: the source stood still during the outage")
                    .isLessThanOrEqualTo(2);
            assertThat(decisions).isEqualTo(N);
            assertThat(distinct).isEqualTo(N);
            assertThat(telemetry).isEqualTo(N);
            assertThat(seqs).isEqualTo(N);
        }
    }
}
