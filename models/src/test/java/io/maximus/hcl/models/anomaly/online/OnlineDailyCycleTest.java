package io.maximus.hcl.models.anomaly.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.AnomalyScore;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The online model on a service with a strong daily cycle (15-second snapshots): the first day, which its two-hour
 * ring of snapshots cannot hold, is learned without being flagged, and an incident on the second day still is.
 */
class OnlineDailyCycleTest {

    private static final long T0 = 1_780_000_000_000L;
    private static final int DAY = 5_760;

    /** A checkout API's snapshot at step i: traffic follows the day; the incident adds errors and latency. */
    static TelemetrySnapshot api(int i, SplittableRandom r, boolean incident) {
        double day = Math.sin(2 * Math.PI * i / DAY - Math.PI / 2); // lowest at midnight
        double rps = 220 + 180 * day + 9 * r.nextGaussian();
        return new TelemetrySnapshot(
                T0 + i * 15_000L,
                "co-3",
                "checkout-api",
                Map.of(
                        "requests_per_s",
                        rps,
                        "p95_ms",
                        (incident ? 480 : 120 + 0.15 * rps) + 6 * r.nextGaussian(),
                        "errors_per_s",
                        Math.abs((incident ? 12 : 0.002 * rps) + 0.3 * r.nextGaussian()),
                        "worker_busy",
                        Math.min(64, 8 + rps / 12 + 1.5 * r.nextGaussian())),
                Map.of());
    }

    @Test
    void theFirstDayOfADailyCycleIsNotFlaggedAndASecondDayIncidentIs() {
        OnlineAnomalyModel m = new OnlineAnomalyModel(OnlineAnomalyModel.Settings.defaults());
        OnlineModelState st = new OnlineModelState();
        SplittableRandom r = new SplittableRandom(11);
        int firstDay = 0;
        int scored = 0;
        int secondDayCalm = 0;
        int caught = 0;
        int incidentFrom = DAY + DAY / 2;
        for (int i = 0; i < 2 * DAY; i++) {
            boolean incident = i >= incidentFrom && i < incidentFrom + 120;
            AnomalyScore s = m.observe(st, api(i, r, incident)).score();
            if (s == null) {
                continue;
            }
            if (i < DAY) {
                scored++;
                firstDay += s.anomalous() ? 1 : 0;
            } else if (incident) {
                caught += s.anomalous() ? 1 : 0;
            } else if (i < incidentFrom || i >= incidentFrom + 360) {
                secondDayCalm += s.anomalous() ? 1 : 0;
            }
        }
        System.out.printf(
                "daily cycle: first day %d of %d scored snapshots flagged, second day calm %d flagged, incident %d"
                        + " of 120 flagged; state %d doubles%n",
                firstDay, scored, secondDayCalm, caught, st.ring.length + st.reference.length);
        assertThat(firstDay).as("first-day snapshots flagged (of %d)", scored).isLessThan(scored / 100);
        assertThat(secondDayCalm).as("second-day calm snapshots flagged").isLessThan(DAY / 100);
        assertThat(caught).as("incident snapshots flagged (of 120)").isGreaterThan(100);
    }
}
