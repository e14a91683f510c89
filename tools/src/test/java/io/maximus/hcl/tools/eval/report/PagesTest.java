package io.maximus.hcl.tools.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PagesTest {

    @Test
    void forecastReportHasTheSeriesAndOnePagePerHorizonWithItsInterval(@TempDir Path dir) throws Exception {
        int n = 96 * 30; // 30 days at 15 minutes
        double[] actual = new double[n];
        for (int i = 0; i < n; i++) {
            actual[i] = 10 + Math.sin(2 * Math.PI * i / 96);
        }
        actual[100] = Double.NaN;
        int testStart = 96 * 20;
        List<ForecastPages.Horizon> hs = new java.util.ArrayList<>();
        for (int h : new int[] {4, 96}) {
            double[] m = new double[n];
            double[] lo = new double[n];
            double[] hi = new double[n];
            Arrays.fill(m, Double.NaN);
            Arrays.fill(lo, Double.NaN);
            Arrays.fill(hi, Double.NaN);
            for (int i = testStart; i < n; i++) {
                m[i] = actual[i] + 0.1;
                lo[i] = m[i] - 0.5;
                hi[i] = m[i] + 0.5;
            }
            hs.add(new ForecastPages.Horizon(h == 4 ? "1h" : "24h", h, m, lo, hi, Map.of("r2", 0.9)));
        }
        Report.Written w = ForecastPages.build(
                        "forecast",
                        Map.of("points", n - testStart),
                        1_700_000_000L / 900,
                        900,
                        actual,
                        testStart,
                        hs,
                        0.9)
                .write(dir);
        assertThat(w.pages()).isEqualTo(3);
        String index = Files.readString(w.index());
        assertThat(index).contains("pages/series.html", "pages/1h_ahead.html", "pages/24h_ahead.html");
        String series = Files.readString(dir.resolve("pages/series.html"));
        // the test part starts 20 of 30 days in: 64 + 928 * 20/30 = 682.7
        assertThat(series).contains("<path class=\"marker\"", "M682.7,26V");
        String day = Files.readString(dir.resolve("pages/24h_ahead.html"));
        assertThat(day)
                .contains(
                        "<title>90% prediction interval</title>",
                        "<title>forecast</title>", "<title>actual</title>", "last 7 days", "2023-12-");
        assertThat(w.largestPageBytes()).isLessThan(200_000);
    }

    @Test
    void failurePageShowsAlarmsOnsetsIncidentsAndWarningWindowsAndCountsEvents(@TempDir Path dir) throws Exception {
        int n = 400;
        int[] labels = new int[n];
        Arrays.fill(labels, 300, 320, 1); // onset at 300
        Arrays.fill(labels, 100, 110, 1); // onset at 100, before the evaluated part
        int from = 200;
        float[] p = new float[n - from];
        p[280 - from] = 0.9f; // 20 rows (= minutes) before the onset at 300: predicts it
        p[350 - from] = 0.95f; // a false alarm
        p[305 - from] = 0.99f; // inside the incident: not an alarm
        Report r = FailurePages.newReport("failure", 10, 30);
        Map<String, Object> fig = FailurePages.machine(r, "machine-1-1", from, p, 0.5, labels, 1, 10, 30);
        assertThat(fig)
                .containsEntry("events", 1)
                .containsEntry("predicted", 1)
                .containsEntry("alarms", 2)
                .containsEntry("alarms_in_warning_window", 1);
        r.write(dir);
        String page = Files.readString(dir.resolve("pages/machine-1-1.html"));
        // 200 rows over 928 px: row r at 64 + (r - 200) * 4.64
        assertThat(page)
                .contains("<title>incident onset</title>", "M528.0,26V") // onset 300
                .contains("<title>alarm</title>", "M435.2,186v-9M760.0,186v-9") // alarms at 280 and 350
                .contains("<title>warning window before an onset</title>", "<rect x=\"388.8\"") // rows 270..290
                .contains("<title>labelled incident</title>", "class=\"threshold\"");
        assertThat(page).doesNotContain("M555.8,186v-9"); // the row inside the incident is no alarm
    }

    @Test
    void anomalyKeyDimsAreThoseThatMoveInsideTheLabels() {
        double[][] z = new double[100][3];
        int[] labels = new int[100];
        for (int t = 0; t < 100; t++) {
            z[t][0] = t % 2 == 0 ? 3 : -3; // always noisy
            z[t][1] = t >= 50 && t < 60 ? 8 : 0.1;
            labels[t] = t >= 50 && t < 60 ? 1 : 0;
        }
        assertThat(AnomalyPages.keyDims(z, labels, 2)).containsExactly(1, 0);
        assertThat(AnomalyPages.keyDims(z, new int[100], 1)).containsExactly(1); // max |z| without labels
    }

    @Test
    void nabPageMapsWindowsToRowsAndCountsDetectionsInsideAndOutside(@TempDir Path dir) throws Exception {
        int n = 100;
        long[] ts = new long[n];
        double[] v = new double[n];
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_400_000_000L + 300L * i;
            v[i] = i % 7;
        }
        score[42] = 0.9; // inside the window
        score[80] = 0.95; // outside: a false positive
        // the window runs from 2 minutes after row 40 to row 50: rows 41..50
        List<int[]> rows = AnomalyPages.windowRows(ts, List.of(new long[] {ts[40] + 120, ts[50]}));
        assertThat(rows).containsExactly(new int[] {41, 50});
        Report r = new Report("nab");
        AnomalyPages.nabSeries(r, "realKnownCause/a&b.csv", Map.of("raw_standard", -0.11), ts, v, score, 0.5, rows);
        r.write(dir);
        String page = Files.readString(dir.resolve("pages/realKnownCause_a_b.csv.html"));
        assertThat(page)
                .contains(
                        "&quot;windows_detected&quot;:1",
                        "&quot;detections_outside_windows&quot;:1",
                        "<h1>realKnownCause/a&amp;b.csv</h1>",
                        "<title>threshold (standard profile) = 0.5</title>",
                        "<title>labelled anomaly window</title>",
                        "2014-05-13 16:53");
        // 100 rows over 928 px: detections at rows 42 and 80
        assertThat(page).contains("M453.8,308v-9M806.4,308v-9");
    }
}
