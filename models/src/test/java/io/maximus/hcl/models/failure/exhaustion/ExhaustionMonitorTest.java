package io.maximus.hcl.models.failure.exhaustion;

import static io.maximus.hcl.models.failure.exhaustion.ExhaustionSeries.minute;
import static io.maximus.hcl.models.failure.exhaustion.ExhaustionSeries.time;
import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.TelemetrySnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExhaustionMonitorTest {

    private static TelemetrySnapshot snap(int i, String host, String service, Map<String, Double> metrics) {
        return new TelemetrySnapshot(time(i), host, service, metrics, Map.of());
    }

    @Test
    void connectionPoolApproachingItsMaximumIsWarned() {
        // a JDBC pool of 150: connections in use climb from 30 to 150 over 100 minutes, integer counts with jitter
        ExhaustionMonitor mon = new ExhaustionMonitor(ExhaustionCeilings.defaults(), ExhaustionSettings.defaults());
        Random r = new Random(21);
        List<ExhaustionWarning> ws = new ArrayList<>();
        double reachMax = Double.NaN;
        for (int i = 0; i < 100 * 4; i++) {
            double m = i / 4.0;
            double used = Math.min(150, Math.round(30 + 1.2 * m + 3 * r.nextGaussian()));
            if (used >= 150 && Double.isNaN(reachMax)) {
                reachMax = m;
            }
            ws.addAll(mon.accept(snap(
                    i,
                    "pg-bouncer-3",
                    "ledger",
                    Map.of(
                            "hikaricp_connections_active",
                            used,
                            "hikaricp_connections_max",
                            150.0,
                            "request_rate",
                            400 + 20 * r.nextGaussian()))));
        }
        ExhaustionWarning w = ExhaustionSeries.firstRaised(ws);
        assertThat(w).isNotNull();
        assertThat(w.key()).isEqualTo("ledger/pg-bouncer-3");
        assertThat(w.metric()).isEqualTo("hikaricp_connections_active");
        assertThat(w.ceiling()).isEqualTo(150);
        double at = minute(w.timestamp());
        double trueTte = 100 - at;
        double predicted = w.timeToExhaustionSeconds() / 60.0;
        System.out.printf(
                Locale.ROOT,
                "[exhaustion] connection pool: raised at %.1f min, first at max %.2f min (lead"
                        + " %.1f min), predicted TTE %.1f min, true TTE %.1f min; %s%n",
                at,
                reachMax,
                reachMax - at,
                predicted,
                trueTte,
                w.evidence().summary());
        assertThat(reachMax - at).isGreaterThanOrEqualTo(10);
        assertThat(Math.abs(predicted - trueTte)).isLessThanOrEqualTo(0.25 * trueTte);
        assertThat(mon.size()).isEqualTo(1);
    }

    @Test
    void hostReportingOnlySomeMetricsIsFollowedOnWhatItHas() {
        // one host reports only its filesystem (filling) and an unknown gauge; another only memory (calm) and a CPU
        // percentage pinned near 100 (saturated, not running out: never followed)
        ExhaustionMonitor mon = new ExhaustionMonitor(ExhaustionCeilings.defaults(), ExhaustionSettings.defaults());
        Random r = new Random(22);
        List<ExhaustionWarning> ws = new ArrayList<>();
        for (int i = 0; i < 150 * 4; i++) {
            double m = i / 4.0;
            ws.addAll(mon.accept(snap(
                    i,
                    "nas-01",
                    "archive",
                    Map.of(
                            "filesystem_usage",
                            Math.min(100, 60 + 0.3 * m + 0.2 * r.nextGaussian()),
                            "queue_depth",
                            5 + r.nextGaussian()))));
            ws.addAll(mon.accept(snap(
                    i,
                    "edge-9",
                    "cdn",
                    Map.of("memory_usage", 40 + r.nextGaussian(), "cpu_usage_percent", 95 + m / 40))));
        }
        assertThat(mon.size()).isEqualTo(2);
        assertThat(mon.state("archive/nas-01", "filesystem_usage")).isNotNull();
        assertThat(mon.state("cdn/edge-9", "memory_usage")).isNotNull();
        assertThat(mon.state("cdn/edge-9", "cpu_usage_percent")).isNull();
        assertThat(ws)
                .isNotEmpty()
                .allMatch(w -> w.key().equals("archive/nas-01") && w.metric().equals("filesystem_usage"));
        ExhaustionWarning w = ExhaustionSeries.firstRaised(ws);
        // 100% is reached at 133.3 min
        assertThat(133.3 - minute(w.timestamp())).isGreaterThanOrEqualTo(10);
    }

    @Test
    void gapsAndNonFiniteValuesNeitherCrashNorWarn() {
        ExhaustionSettings settings = ExhaustionSettings.defaults();
        ExhaustionPredictor p = new ExhaustionPredictor(settings);
        ExhaustionState s = p.newState();
        Random r = new Random(23);
        List<ExhaustionWarning> ws = new ArrayList<>();
        long ignoredExpected = 0;
        for (int i = 0; i < 360 * 4; i++) {
            double m = i / 4.0;
            if (m >= 100 && m < 150 || m >= 200 && m < 203 || r.nextDouble() < 0.2) {
                continue; // a 50-minute outage, a 3-minute one, and one sample in five lost
            }
            double v = 70 + 2 * r.nextGaussian();
            if (i % 37 == 0) {
                v = Double.NaN;
                ignoredExpected++;
            } else if (i % 53 == 0) {
                v = i % 2 == 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                ignoredExpected++;
            }
            ExhaustionWarning w = p.update(s, "k", "swap_usage", time(i), v, 100);
            if (w != null) {
                ws.add(w);
            }
        }
        // a late sample from before the window, and one within it
        p.update(s, "k", "swap_usage", time(0), 99, 100);
        p.update(s, "k", "swap_usage", time(360 * 4 - 30), 71, 100);
        assertThat(ws).isEmpty();
        assertThat(s.getIgnored()).isEqualTo(ignoredExpected + 1);
        assertThat(p.assess(s).usable()).isFalse();
        // a bad ceiling is ignored too
        assertThat(p.update(s, "k", "swap_usage", time(360 * 4), 71, Double.NaN))
                .isNull();
        assertThat(p.update(s, "k", "swap_usage", time(360 * 4), 71, 0)).isNull();
    }

    @Test
    void leakWithLostSamplesAndAShortOutageIsStillWarned() {
        ExhaustionPredictor p = new ExhaustionPredictor(ExhaustionSettings.defaults());
        ExhaustionState s = p.newState();
        Random r = new Random(24);
        List<ExhaustionWarning> ws = new ArrayList<>();
        for (int i = 0; i < 120 * 4; i++) {
            double m = i / 4.0;
            if (m >= 30 && m < 38 || r.nextDouble() < 0.3) {
                continue;
            }
            ExhaustionWarning w = p.update(s, "k", "memory_usage", time(i), 45 + 0.45 * m + r.nextGaussian(), 100);
            if (w != null) {
                ws.add(w);
            }
        }
        ExhaustionWarning w = ExhaustionSeries.firstRaised(ws);
        assertThat(w).isNotNull();
        assertThat(120 - minute(w.timestamp())).isGreaterThanOrEqualTo(10);
    }

    @Test
    void ceilingsCoverTheCollectorsNamesAndConfiguredPairs() {
        ExhaustionCeilings c = ExhaustionCeilings.defaults();
        Map<String, Double> m = new HashMap<>();
        m.put("memory_usage", 50.0);
        m.put("swap_usage", 1.0);
        m.put("filesystem_usage", 70.0);
        m.put("file_descriptors_usage", 3.0);
        m.put("conntrack_usage", 9.0);
        m.put("heap_usage_percent", 60.0);
        m.put("cpu_usage", 99.0);
        m.put("database_connections", 120.0); // its maximum is not reported: not followed
        m.put("process_open_fds", 900.0);
        m.put("process_max_fds", 1024.0);
        m.put("load_1", 3.0);
        m.put("memory_available_ratio", Double.NaN);
        assertThat(c.resolve(m))
                .containsExactly(
                        new Observation("conntrack_usage", 9, 100),
                        new Observation("file_descriptors_usage", 3, 100),
                        new Observation("filesystem_usage", 70, 100),
                        new Observation("heap_usage_percent", 60, 100),
                        new Observation("memory_usage", 50, 100),
                        new Observation("process_open_fds", 900, 1024),
                        new Observation("swap_usage", 1, 100));
        ExhaustionCeilings configured = c.withPair(new CeilingPair("database_connections", "db_pool_size", 200))
                .withFixed("inode_usage", 100);
        Map<String, Double> n = Map.of("database_connections", 120.0, "inode_usage", 10.0);
        assertThat(configured.resolve(n))
                .containsExactly(
                        new Observation("database_connections", 120, 200), new Observation("inode_usage", 10, 100));
    }

    @Test
    void usedAndMaxMetricsArePairedByNameWithNoConfiguration() {
        ExhaustionCeilings c = ExhaustionCeilings.defaults();
        Map<String, Double> m = new HashMap<>();
        m.put("conn_pool_used", 31.0);
        m.put("conn_pool_max", 80.0);
        m.put("worker_threads_active", 7.0);
        m.put("worker_threads_size", 16.0);
        m.put("inodes", 1_000.0);
        m.put("inodes_limit", 65_536.0);
        m.put("latency_ms", 40.0); // latency_ms_max is a statistic, not a ceiling: not followed
        m.put("latency_ms_max", 90.0);
        m.put("queue_used", 3.0); // its maximum is zero: not followed
        m.put("queue_max", 0.0);
        m.put("cpu_cores_used", 3.0); // CPU saturates: never followed
        m.put("cpu_cores_limit", 4.0);
        assertThat(c.resolve(m))
                .containsExactly(
                        new Observation("conn_pool_used", 31, 80),
                        new Observation("inodes", 1_000, 65_536),
                        new Observation("worker_threads_active", 7, 16));
    }
}
