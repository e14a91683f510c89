package io.maximus.hcl.tools.kb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.knowledge.TestDb;
import io.maximus.hcl.knowledge.local.LocalPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code hcl kb bench} end to end at a tiny size: it loads, measures and ends with the JSON line. */
class KbBenchCommandTest {

    @Test
    void smallBenchLoadsTheHistoryAndEndsWithTheJsonLine() throws Exception {
        String url = TestDb.freshDatabase();
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            rc = new CommandLine(new KbCommand())
                    .execute(
                            "bench",
                            "--jdbc-url",
                            url,
                            "--rows",
                            "3000",
                            "--days",
                            "20",
                            "--sink-rows",
                            "500",
                            "--batch",
                            "100",
                            "--api-writes",
                            "20",
                            "--queries",
                            "20");
        } finally {
            System.setOut(out);
        }
        assertThat(rc).isZero();
        String[] lines = buf.toString(StandardCharsets.UTF_8).trim().split("\n");
        JsonNode result = Json.MAPPER.readTree(lines[lines.length - 1]);
        assertThat(result.get("rows").asLong()).isEqualTo(3000);
        for (String k : new String[] {"sink_decisions_per_s", "api_write_p99_ms", "query_p99_ms", "analytics_p99_ms"}) {
            assertThat(result.get(k).asDouble()).as(k).isPositive();
        }
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT tableoid) FROM hcl_decisions")) {
            rs.next();
            assertThat(rs.getLong(1))
                    .as("history + sink + API writes + warm-up")
                    .isEqualTo(3000 + 500 + 20 + 20);
            assertThat(rs.getLong(2)).as("week partitions used").isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void timescaleRunsTheBenchOnBothBackendsAndReportsBoth() throws Exception {
        String missing = LocalPostgres.timescaleMissing();
        if (missing != null) {
            assertThat("true".equalsIgnoreCase(System.getenv("CI")))
                    .as("CI=true and TimescaleDB is missing: %s", missing)
                    .isFalse();
            Assumptions.abort("TimescaleDB missing, bench --timescale not run: " + missing);
        }
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            rc = new CommandLine(new KbCommand())
                    .execute(
                            "bench",
                            "--timescale",
                            "--rows",
                            "2000",
                            "--days",
                            "20",
                            "--sink-rows",
                            "300",
                            "--batch",
                            "100",
                            "--api-writes",
                            "10",
                            "--queries",
                            "10");
        } finally {
            System.setOut(out);
        }
        assertThat(rc).as(buf.toString(StandardCharsets.UTF_8)).isZero();
        List<JsonNode> results = new ArrayList<>();
        for (String line : buf.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{\"backend\"")) {
                results.add(Json.MAPPER.readTree(line));
            }
        }
        assertThat(results).extracting(r -> r.get("backend").asText()).containsExactly("native", "timescale");
        for (JsonNode r : results) {
            assertThat(r.get("rows").asLong()).isEqualTo(2000);
            for (String k :
                    new String[] {"sink_decisions_per_s", "api_write_p99_ms", "query_p99_ms", "analytics_p99_ms"}) {
                assertThat(r.get(k).asDouble()).as(k).isPositive();
            }
        }
    }
}
