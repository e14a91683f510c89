package io.maximus.hcl.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TelemetryParserTest {

    @Test
    void parsesTheContractExampleWithAnIsoTimestamp() {
        TelemetryParser.Result r =
                TelemetryParser.parse("{\"timestamp\": \"2026-03-02T06:00:15Z\", \"host\": \"checkout-1\", "
                        + "\"service\": \"checkout\", \"metrics\": {\"cpu_usage\": 34.2, \"memory_usage\": 58.0, \"latency_p99\": 88.4}, "
                        + "\"labels\": {\"zone\": \"a\", \"n\": 3}}");
        assertThat(r.ok()).isTrue();
        TelemetrySnapshot s = r.snapshot();
        assertThat(s.timestamp())
                .isEqualTo(Instant.parse("2026-03-02T06:00:15Z").toEpochMilli());
        assertThat(s.host()).isEqualTo("checkout-1");
        assertThat(s.service()).isEqualTo("checkout");
        assertThat(s.metrics())
                .containsEntry("cpu_usage", 34.2)
                .containsEntry("latency_p99", 88.4)
                .hasSize(3);
        assertThat(s.labels()).containsEntry("zone", "a").containsEntry("n", "3");
    }

    @Test
    void acceptsEpochMillisOffsetsAndAMissingService() {
        TelemetrySnapshot millis = TelemetryParser.parse(
                        "{\"timestamp\": 1772431215000, \"host\": \"h\", \"metrics\": {}}")
                .snapshot();
        assertThat(millis.timestamp()).isEqualTo(1772431215000L);
        assertThat(millis.service()).isEqualTo(TelemetryParser.DEFAULT_SERVICE);
        TelemetrySnapshot offset = TelemetryParser.parse(
                        "{\"timestamp\": \"2026-03-02T07:00:15+01:00\", \"host\": \"h\", \"metrics\": {\"x\": 1}}")
                .snapshot();
        assertThat(offset.timestamp())
                .isEqualTo(Instant.parse("2026-03-02T06:00:15Z").toEpochMilli());
        TelemetrySnapshot digits = TelemetryParser.parse(
                        "{\"timestamp\": \"1772431215000\", \"host\": \"h\", \"metrics\": {}}")
                .snapshot();
        assertThat(digits.timestamp()).isEqualTo(1772431215000L);
    }

    @Test
    void ignoresUnknownFieldsIncludingNestedOnes() {
        TelemetryParser.Result r = TelemetryParser.parse("{\"extra\": {\"a\": [1, {\"b\": 2}]}, \"timestamp\": 1, "
                + "\"host\": \"h\", \"metrics\": {\"m\": 2.5e3}}");
        assertThat(r.ok()).isTrue();
        assertThat(r.snapshot().metrics()).containsEntry("m", 2500.0);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "this is not json                                                              | invalid JSON",
                "[1, 2, 3]                                                                     | not a JSON object",
                "'{\"timestamp\": 1, \"metrics\": {}}'                                         | missing or empty host",
                "'{\"timestamp\": 1, \"host\": \"  \", \"metrics\": {}}'                       | missing or empty host",
                "'{\"timestamp\": 1, \"host\": 7, \"metrics\": {}}'                            | host must be a string",
                "'{\"host\": \"h\", \"metrics\": {}}'                                          | missing timestamp",
                "'{\"timestamp\": \"yesterday\", \"host\": \"h\", \"metrics\": {}}'            | unparseable timestamp 'yesterday'",
                "'{\"timestamp\": true, \"host\": \"h\", \"metrics\": {}}'                     | timestamp must be an ISO-8601 string or epoch milliseconds",
                "'{\"timestamp\": 1, \"host\": \"h\"}'                                         | missing metrics",
                "'{\"timestamp\": 1, \"host\": \"h\", \"metrics\": [1]}'                       | metrics must be an object",
                "'{\"timestamp\": 1, \"host\": \"h\", \"metrics\": {\"cpu\": \"high\"}}'       | metric 'cpu' is not a number",
                "'{\"timestamp\": 1, \"host\": \"h\", \"metrics\": {\"cpu\": null}}'           | metric 'cpu' is not a number",
                "'{\"timestamp\": 1, \"host\": \"h\", \"metrics\": {}} trailing'               | invalid JSON",
                "'{\"timestamp\": 1, \"host\": \"h\", \"metrics\": {\"cpu\": 1}'                | invalid JSON",
            })
    void rejectsWithAClearReason(String raw, String reason) {
        TelemetryParser.Result r = TelemetryParser.parse(raw);
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).startsWith(reason);
    }

    @Test
    void rejectsEmptyAndNullRecords() {
        assertThat(TelemetryParser.parse("").error()).isEqualTo("empty record");
        assertThat(TelemetryParser.parse(null).error()).isEqualTo("empty record");
    }

    @Test
    void aSnapshotWrittenAsJsonParsesBackToItself() {
        TelemetrySnapshot s = new TelemetrySnapshot(
                1772431215000L,
                "h-1",
                "svc",
                java.util.Map.of("cpu_usage", 12.5, "error_rate", 0.0),
                java.util.Map.of("zone", "b"));
        assertThat(TelemetryParser.parse(Json.write(s)).snapshot()).isEqualTo(s);
    }
}
