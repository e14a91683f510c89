package io.maximus.hcl.tools.eval.degradation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalDegradationCommandTest {

    /** 600 points at 1 minute: latency 100 ms with noise, +45% from point 400 on, one isolated spike at 200. */
    private static Path writeSeries(Path dir) throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        StringBuilder b = new StringBuilder("timestamp,p99_ms\n");
        for (int i = 0; i < 600; i++) {
            double level = i >= 400 ? 145 : 100;
            double v = i == 200 ? 400 : level + 5 * r.nextGaussian();
            b.append(String.format(Locale.ROOT, "2026-01-01 %02d:%02d:00,%.3f%n", i / 60, i % 60, v));
        }
        Path csv = dir.resolve("lat<ency>.csv");
        Files.writeString(csv, b.toString());
        return csv;
    }

    @Test
    void reportsTheStepAsADegradationWithItsSeverityAndPlotsIt(@TempDir Path dir) throws Exception {
        Path csv = writeSeries(dir);
        for (String cost : new String[] {"rbf", "l2"}) {
            Path report = dir.resolve("report-" + cost);
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            PrintStream old = System.out;
            int rc;
            try {
                System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
                rc = new CommandLine(new EvalDegradationCommand())
                        .execute(
                                "--input",
                                csv.toString(),
                                "--step",
                                "1m",
                                "--cost",
                                cost,
                                "--report",
                                report.toString());
            } finally {
                System.setOut(old);
            }
            assertThat(rc).isZero();
            JsonNode line = new ObjectMapper()
                    .readTree(buf.toString(StandardCharsets.UTF_8).trim());
            assertThat(line.get("points").asInt()).isEqualTo(600);
            // RBF ignores the isolated spike; L2 (a mean-change cost) also cuts around it
            assertThat(line.get("degradations").asInt()).as(cost).isEqualTo(cost.equals("rbf") ? 1 : 2);
            JsonNode deg = null;
            for (JsonNode c : line.get("change_points")) {
                if (c.get("degradation").asBoolean() && c.get("index").asInt() > 300) {
                    deg = c;
                }
            }
            assertThat(deg).isNotNull();
            assertThat(deg.get("index").asInt()).as(cost).isBetween(398, 402);
            assertThat(deg.get("severity").asDouble()).as(cost).isBetween(0.40, 0.50);
            assertThat(deg.get("time").asText()).startsWith("2026-01-01T06:4");
            String index = Files.readString(report.resolve("index.html"));
            assertThat(index).contains("href=\"pages/lat_ency_.csv.html\"", "lat&lt;ency&gt;.csv");
            String page = Files.readString(report.resolve("pages/lat_ency_.csv.html"));
            assertThat(page)
                    .contains("<title>segment mean</title>", "stroke=\"#d62728\"")
                    .containsPattern("<title>degradation: [^<]*\\+4\\d% at 2026-01-01T06:4");
        }
    }

    @Test
    void aCalmSeriesHasNoDegradationAndBadOptionsAreRefused(@TempDir Path dir) throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        double[] y = new double[500];
        for (int i = 0; i < y.length; i++) {
            y[i] = 100 + 5 * r.nextGaussian();
        }
        EvalDegradationCommand.Result res = EvalDegradationCommand.run(y, "rbf", 3, 8, 0.2);
        assertThat(res.changes()).noneMatch(EvalDegradationCommand.Change::degradation);
        // a series longer than the RBF cost takes is averaged, and the indices stay those of the averaged series
        EvalDegradationCommand.Result big = EvalDegradationCommand.run(new double[2100], "rbf", 3, 8, 0.2);
        assertThat(big.aggregated()).isEqualTo(2);
        assertThat(big.series()).hasSize(1050);
        int rc = new CommandLine(new EvalDegradationCommand())
                .execute("--input", writeSeries(dir).toString(), "--cost", "nope");
        assertThat(rc).isNotZero();
        assertThat(EvalDegradationCommand.fillGaps(new double[] {Double.NaN, 2, Double.NaN, 4}))
                .containsExactly(2, 2, 2, 4);
    }
}
