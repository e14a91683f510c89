package io.maximus.hcl.tools.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.core.DemandForecast;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.models.forecast.DemandForecaster;
import io.maximus.hcl.models.forecast.ForecastArtifact;
import io.maximus.hcl.models.forecast.SarimaModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** hcl train forecast: backtests, writes an artifact the forecaster starts from, refuses a tampered one. */
class TrainForecastCommandTest {

    /** Monday 2026-03-02 00:00 UTC. */
    private static final long T0 = 1_772_409_600L;

    /** 5-minute CPU with a daily cycle (peak 80 at 14:00) and seeded noise. */
    private static double cpu(long minute, Random rnd) {
        return 50 + 30 * Math.sin(2 * Math.PI * ((minute % 1440) - 480) / 1440.0) + 2 * rnd.nextGaussian();
    }

    private static Path writeCsv(Path dir, int days) throws IOException {
        Random rnd = new Random(3);
        StringBuilder b = new StringBuilder("timestamp,value\n");
        for (long m = 0; m < days * 1440L; m += 5) {
            b.append(Instant.ofEpochSecond(T0 + m * 60))
                    .append(',')
                    .append(String.format(java.util.Locale.ROOT, "%.3f", cpu(m, rnd)))
                    .append('\n');
        }
        Path f = dir.resolve("cpu.csv");
        Files.writeString(f, b);
        return f;
    }

    private static String run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(new TrainForecastCommand()).execute(args))
                    .isZero();
        } finally {
            System.setOut(old);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).trim().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void trainsBacktestsAndWritesAnArtifactTheForecasterStartsFrom(@TempDir Path tmp) throws Exception {
        Path csv = writeCsv(tmp, 8);
        JsonNode line = Json.MAPPER.readTree(run(
                "--input",
                csv.toString(),
                "--out",
                tmp.resolve("artifacts").toString(),
                "--train-days",
                "4",
                "--backtest-refit",
                "2d",
                "--name",
                "forecast-test"));
        Path dir = Path.of(line.get("artifact").asText());
        assertThat(dir.getFileName().toString())
                .startsWith("forecast-test-")
                .endsWith(line.get("training_data_sha256").asText().substring(0, 8));
        JsonNode backtest = line.get("backtest");
        assertThat(backtest.get("points").asInt()).isEqualTo(231); // the last 30% of 8 days of 15-minute points
        assertThat(backtest.get("r2_1h").asDouble()).isGreaterThan(0.9);
        assertThat(backtest.get("mase_1h").asDouble()).isLessThan(1.0);

        JsonNode manifest = ForecastArtifact.manifest(dir);
        assertThat(manifest.get("kind").asText()).isEqualTo(ForecastArtifact.KIND);
        assertThat(manifest.get("order").get("season").asInt()).isEqualTo(96);
        assertThat(manifest.get("coefficients").get("seasonal_ma").size()).isEqualTo(1);
        assertThat(manifest.get("training").get("points").asInt()).isEqualTo(4 * 96);
        assertThat(manifest.get("backtest").get("r2_24h").asDouble())
                .isEqualTo(backtest.get("r2_24h").asDouble());

        // same data, same hash; the model round-trips and forecasts the cycle
        SarimaModel model = ForecastArtifact.load(dir);
        assertThat(model.ma).containsExactly(line.get("ma").get(0).asDouble());
        DemandForecaster f = new DemandForecaster(new DemandForecaster.Config(
                "cpu_usage", 900, new int[] {1, 1, 1, 1, 1, 1}, 8, 28 * 96, 2 * 96, 4, 100, 0.9, 4));
        DemandForecaster.State s = new DemandForecaster.State();
        Random rnd = new Random(11);
        // a fresh service: about 1.5 days of points, less than min-history, so no fit is due yet
        long start = (T0 + 30 * 86400L) * 1000;
        for (long m = 0; m < 36 * 60; m++) {
            f.add(s, start + m * 60_000, cpu(m, rnd));
        }
        f.close(s);
        assertThat(f.refitDue(s)).isFalse();
        assertThat(f.forecast(s, Scope.service("web"))).isEmpty();
        assertThat(f.startFrom(s, model)).isTrue();
        DemandForecast fc = f.forecast(s, Scope.service("web")).orElseThrow();
        // 36 h after midnight = 12:00; the 1-hour forecast (13:00) is near the cycle's 50 + 30 sin(2 pi 5/24) = 79.0
        assertThat(fc.horizons().get(0).mean()).isCloseTo(79.0, org.assertj.core.data.Offset.offset(4.0));
        assertThat(fc.horizons().get(0).lower()).isLessThan(fc.horizons().get(0).mean());

        // a tampered model is refused
        Path model0 = dir.resolve(ForecastArtifact.MODEL);
        Files.writeString(model0, Files.readString(model0).replaceFirst("\"sigma2\" : [0-9.]+", "\"sigma2\" : 1.0"));
        assertThatThrownBy(() -> ForecastArtifact.load(dir)).hasMessageContaining("does not match the manifest");
        try (Stream<Path> files = Files.list(tmp.resolve("artifacts"))) {
            assertThat(files).hasSize(1);
        }
    }
}
