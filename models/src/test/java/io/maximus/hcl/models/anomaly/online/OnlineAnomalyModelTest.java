package io.maximus.hcl.models.anomaly.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.AnomalyScore;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The online model on hand-made database telemetry (metric names the generator never writes). */
class OnlineAnomalyModelTest {

    private static final long T0 = 1_780_000_000_000L;

    /** One ledger-db snapshot at step i; {@code incident} adds replication lag and drops the cache hit ratio. */
    static TelemetrySnapshot db(int i, SplittableRandom r, boolean incident, double drift) {
        double load = 0.5 + 0.3 * Math.sin(2 * Math.PI * i / 240.0) + drift;
        return new TelemetrySnapshot(
                T0 + i * 15_000L,
                "db-1",
                "ledger-db",
                Map.of(
                        "db_connections",
                        40 + 30 * load + r.nextGaussian() * 2,
                        "replication_lag_s",
                        incident ? 9 + r.nextGaussian() : 0.2 + 0.05 * r.nextGaussian(),
                        "cache_hit_ratio",
                        incident ? 0.62 + 0.02 * r.nextGaussian() : 0.97 + 0.005 * r.nextGaussian(),
                        "wal_mb_per_s",
                        5 + 4 * load + 0.3 * r.nextGaussian()),
                Map.of());
    }

    @Test
    void warmsUpThenScoresAndFlagsAnIncidentItNeverSaw() {
        OnlineAnomalyModel m = new OnlineAnomalyModel(OnlineAnomalyModel.Settings.defaults());
        OnlineModelState st = new OnlineModelState();
        SplittableRandom r = new SplittableRandom(3);
        List<AnomalyScore> calm = new ArrayList<>();
        List<AnomalyScore> incident = new ArrayList<>();
        int warm = 0;
        for (int i = 0; i < 1200; i++) {
            boolean inc = i >= 1000 && i < 1080;
            OnlineAnomalyModel.Result res = m.observe(st, db(i, r, inc, 0));
            if (res.score() == null) {
                warm++;
            } else if (inc) {
                incident.add(res.score());
            } else if (i < 1000) {
                calm.add(res.score());
            }
        }
        assertThat(warm).as("no score before the warm-up is done").isEqualTo(240);
        assertThat(calm).allSatisfy(s -> assertThat(s.detector()).startsWith("online-knn since "));
        long falseAlarms = calm.stream().filter(AnomalyScore::anomalous).count();
        assertThat(falseAlarms).as("calm snapshots flagged").isLessThan(calm.size() / 50);
        long caught = incident.stream().filter(AnomalyScore::anomalous).count();
        assertThat(caught).as("incident snapshots flagged").isGreaterThan(incident.size() * 8 / 10);
        assertThat(incident.get(40).salientMetrics()).containsAnyOf("replication_lag_s", "cache_hit_ratio");
        assertThat(st.fits).as("refitted as calm rows arrive").isGreaterThan(2);
    }

    @Test
    void anIncidentIsNotLearnedAndDriftIsFollowed() {
        OnlineAnomalyModel m = new OnlineAnomalyModel(OnlineAnomalyModel.Settings.defaults());
        OnlineModelState st = new OnlineModelState();
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 600; i++) {
            m.observe(st, db(i, r, false, 0));
        }
        int fits = st.fits;
        int filled = st.filled;
        int caught = 0;
        for (int i = 600; i < 800; i++) {
            caught += m.observe(st, db(i, r, true, 0)).score().anomalous() ? 1 : 0;
        }
        assertThat(caught).as("incident snapshots flagged").isGreaterThan(180);
        assertThat(st.fits).as("a 50-minute incident is not learned as normal").isEqualTo(fits);
        assertThat(st.filled).isEqualTo(filled);
        // a slow upward drift of the load: the model refits and stays calm
        long flagged = 0;
        for (int i = 800; i < 3000; i++) {
            AnomalyScore s = m.observe(st, db(i, r, false, (i - 800) / 2000.0)).score();
            if (s.anomalous()) {
                flagged++;
            }
        }
        assertThat(flagged).as("drifting calm load flagged").isLessThan(44);
        assertThat(st.fits).isGreaterThan(fits + 5);
        // a lasting level shift (a new normal) is learned after adaptAfter snapshots
        long late = 0;
        for (int i = 3000; i < 4000; i++) {
            AnomalyScore s = m.observe(st, db(i, r, false, 0.8)).score();
            if (i >= 3600 && s.anomalous()) {
                late++;
            }
        }
        assertThat(late).as("flagged after the new level was learned").isLessThan(20);
    }

    @Test
    void aNewMetricSetStartsANewModel() {
        OnlineAnomalyModel m = new OnlineAnomalyModel(OnlineAnomalyModel.Settings.defaults());
        OnlineModelState st = new OnlineModelState();
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 300; i++) {
            m.observe(st, db(i, r, false, 0));
        }
        assertThat(st.fitted()).isTrue();
        OnlineAnomalyModel.Result res = m.observe(
                st,
                new TelemetrySnapshot(
                        T0 + 300 * 15_000L, "db-1", "ledger-db", Map.of("db_connections", 50.0), Map.of()));
        assertThat(res.score()).isNull();
        assertThat(st.metrics).containsExactly("db_connections");
        assertThat(m.warmUpLeft(st)).isEqualTo(239);
    }
}
