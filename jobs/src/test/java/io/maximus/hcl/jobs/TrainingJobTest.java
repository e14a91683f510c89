package io.maximus.hcl.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.jobs.local.EmbeddedPostgresServer;
import io.maximus.hcl.jobs.stages.AnalyzeStage;
import io.maximus.hcl.knowledge.Schema;
import io.maximus.hcl.models.forecast.ForecastArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainingJobTest {

    /** 15-minute CPU of a service with a daily cycle around {@code level}; seeded. */
    private static double cpu(long quarter, double level, Random rnd) {
        return level + 20 * Math.sin(2 * Math.PI * (quarter % 96) / 96.0) + rnd.nextGaussian();
    }

    private static List<JsonNode> run(String... args) throws Exception {
        TrainingJob job = new TrainingJob();
        new CommandLine(job).parseArgs(args);
        List<JsonNode> out = new ArrayList<>();
        for (String line : job.run(StreamExecutionEnvironment.createLocalEnvironment(1))) {
            out.add(Json.MAPPER.readTree(line));
        }
        out.sort((a, b) -> a.get("service").asText().compareTo(b.get("service").asText()));
        return out;
    }

    @Test
    void trainsOneArtifactPerServiceFromACsvHistory(@TempDir Path tmp) throws Exception {
        Random rnd = new Random(5);
        StringBuilder b = new StringBuilder("time,service,cpu\n");
        long t0 = Instant.parse("2026-03-02T00:00:00Z").getEpochSecond();
        for (long q = 0; q < 4 * 96; q++) {
            b.append(t0 + q * 900)
                    .append(",web,")
                    .append(String.format(Locale.ROOT, "%.2f", cpu(q, 50, rnd)))
                    .append('\n');
            b.append(t0 + q * 900)
                    .append(",db,")
                    .append(String.format(Locale.ROOT, "%.2f", cpu(q, 30, rnd)))
                    .append('\n');
        }
        b.append(t0).append(",tiny,5\n");
        Path csv = tmp.resolve("history.csv");
        Files.writeString(csv, b);
        List<JsonNode> lines = run(
                "--csv",
                csv.toString(),
                "--service-col",
                "service",
                "--value-col",
                "cpu",
                "--out",
                tmp.resolve("artifacts").toString(),
                "--train-days",
                "3",
                "--no-backtest");
        assertThat(lines).extracting(l -> l.get("service").asText()).containsExactly("db", "tiny", "web");
        assertThat(lines.get(1).get("skipped").asText()).contains("too short");
        for (JsonNode l : List.of(lines.get(0), lines.get(2))) {
            Path dir = Path.of(l.get("artifact").asText());
            assertThat(dir.getFileName().toString())
                    .startsWith("forecast-" + l.get("service").asText() + "-");
            assertThat(l.get("points").asInt()).isEqualTo(3 * 96);
            assertThat(ForecastArtifact.load(dir).sigma2).isBetween(0.3, 3.0);
        }
        // the job starts each service from its own artifact when forecast.artifact names the directory
        assertThat(ForecastArtifact.loadForServices(tmp.resolve("artifacts"))).containsOnlyKeys("db", "web");
        org.apache.flink.configuration.Configuration conf = HclOptions.fromArgs(
                new String[] {"--forecast.artifact", tmp.resolve("artifacts").toString()});
        assertThat(AnalyzeStage.demandForecastOperator(conf)).isNotNull();
        conf.set(HclOptions.FORECAST_ARTIFACT, tmp.resolve("nothing-here").toString());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AnalyzeStage.demandForecastOperator(conf))
                .hasMessageContaining("forecast.artifact: no forecast artifact");
    }

    @Test
    void readsTheKnowledgeBaseTelemetryHistory(@TempDir Path tmp) throws Exception {
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) {
            Schema.migrate(pg.jdbcUrl(), pg.user(), "");
            Random rnd = new Random(9);
            Instant start = Instant.now().minusSeconds(5 * 86400L);
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "");
                    PreparedStatement ps =
                            c.prepareStatement("INSERT INTO hcl_telemetry (\"timestamp\", host, service, "
                                    + "metrics) VALUES (?, ?, 'checkout', ?::jsonb)")) {
                for (long q = 0; q < 5 * 96; q++) {
                    double v = cpu(q, 60, rnd);
                    for (String host : List.of("c-1", "c-2")) {
                        ps.setTimestamp(1, Timestamp.from(start.plusSeconds(q * 900)));
                        ps.setString(2, host);
                        // the two hosts sit 10 points either side of the service mean
                        ps.setString(
                                3,
                                String.format(
                                        Locale.ROOT,
                                        "{\"cpu_usage\": %.3f, \"memory_usage\": 40}",
                                        host.equals("c-1") ? v - 10 : v + 10));
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            List<JsonNode> lines = run(
                    "--jdbc-url",
                    pg.jdbcUrl(),
                    "--jdbc-user",
                    pg.user(),
                    "--history-days",
                    "10",
                    "--out",
                    tmp.toString(),
                    "--train-days",
                    "4",
                    "--no-backtest");
            assertThat(lines).singleElement().satisfies(l -> {
                assertThat(l.get("service").asText()).isEqualTo("checkout");
                assertThat(l.get("points").asInt()).isEqualTo(4 * 96);
                JsonNode manifest =
                        ForecastArtifact.manifest(Path.of(l.get("artifact").asText()));
                assertThat(manifest.get("training").get("source").asText()).isEqualTo("hcl_telemetry");
                assertThat(manifest.get("training").get("metric").asText()).isEqualTo("cpu_usage");
            });
            // the failure predictor reads the same table per snapshot: two hosts reporting every 15 minutes without
            // the failure model's metrics: nothing to learn from, said in the line, nothing written
            TrainingJob failure = new TrainingJob();
            new CommandLine(failure)
                    .parseArgs(
                            "--models",
                            "failure",
                            "--jdbc-url",
                            pg.jdbcUrl(),
                            "--jdbc-user",
                            pg.user(),
                            "--history-days",
                            "10",
                            "--out",
                            tmp.toString());
            List<String> out = failure.run(StreamExecutionEnvironment.createLocalEnvironment(1));
            assertThat(out).singleElement().satisfies(line -> {
                JsonNode l = Json.MAPPER.readTree(line);
                assertThat(l.get("hosts").asInt()).isEqualTo(2);
                assertThat(l.get("skipped").asText()).contains("error_rate");
                assertThat(l.has("artifact")).isFalse();
            });
        }
    }
}
