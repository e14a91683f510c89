package io.maximus.hcl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bounds of issue 15: event times, names, counts, value ranges, dead-letter size. */
class InputBoundsTest {

    private static final long REF = Instant.parse("2026-03-02T06:00:00Z").toEpochMilli();

    private static TelemetryParser.Result parse(String raw) {
        return TelemetryParser.parse(raw, InputBounds.DEFAULTS, REF);
    }

    private static String record(String timestamp, String host, String service, String metrics) {
        return "{\"timestamp\": " + timestamp + ", \"host\": " + HostileTelemetry.json(host) + ", \"service\": "
                + HostileTelemetry.json(service) + ", \"metrics\": {" + metrics + "}}";
    }

    @Test
    void aTimestampBeyondEpochMillisIsDeadLetteredNotThrown() {
        TelemetryParser.Result r = TelemetryParser.parse(record("\"+300000000-01-01T00:00:00Z\"", "h", "s", ""));
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).startsWith("timestamp out of range");
        assertThat(TelemetryParser.parse(record("\"-300000000-01-01T00:00:00Z\"", "h", "s", ""))
                        .error())
                .startsWith("timestamp out of range");
        assertThat(TelemetryParser.parse(record("99999999999999999999", "h", "s", ""))
                        .error())
                .isEqualTo(TelemetryParser.OUT_OF_RANGE);
    }

    @Test
    void eventTimesOutsideWhatEverySinkTakesAreRefusedEvenWithoutAWindow() {
        assertThat(TelemetryParser.parse(record("\"+10000-01-01T00:00:00Z\"", "h", "s", ""))
                        .error())
                .isEqualTo(TelemetryParser.OUT_OF_RANGE);
        assertThat(TelemetryParser.parse(record("-1", "h", "s", "")).error()).isEqualTo(TelemetryParser.OUT_OF_RANGE);
        assertThat(TelemetryParser.parse(record("\"9999-12-31T23:59:59.999Z\"", "h", "s", ""))
                        .ok())
                .isTrue();
        assertThat(TelemetryParser.parse(record("0", "h", "s", "")).ok()).isTrue();
    }

    @Test
    void theWindowAroundTheReferenceRefusesTheFarFutureAndTheFarPast() {
        assertThat(parse(record("\"9999-12-31T00:00:00Z\"", "h", "s", "")).error())
                .startsWith("timestamp too far in the future");
        assertThat(parse(record(Long.toString(REF + 600_000), "h", "s", "")).ok())
                .isTrue();
        assertThat(parse(record(Long.toString(REF + 600_001), "h", "s", "")).error())
                .startsWith("timestamp too far in the future");
        assertThat(parse(record(Long.toString(REF - Duration.ofDays(7).toMillis()), "h", "s", ""))
                        .ok())
                .isTrue();
        assertThat(parse(record(Long.toString(REF - Duration.ofDays(7).toMillis() - 1), "h", "s", ""))
                        .error())
                .startsWith("timestamp too far in the past");
        assertThat(parse(record("1772431200", "h", "s", "")).error())
                .as("epoch seconds taken for milliseconds land in 1970")
                .startsWith("timestamp too far in the past");
        InputBounds wide = InputBounds.DEFAULTS.withWindow(Duration.ofDays(1), Duration.ofDays(400));
        assertThat(TelemetryParser.parse(
                                record(Long.toString(REF - Duration.ofDays(300).toMillis()), "h", "s", ""), wide, REF)
                        .ok())
                .isTrue();
        assertThat(InputBounds.DEFAULTS.windowViolation(Long.MAX_VALUE, Long.MAX_VALUE - 1))
                .isNull();
        assertThat(InputBounds.DEFAULTS.windowViolation(0, Long.MIN_VALUE + 1)).startsWith("timestamp too far");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../../kube-system/coredns",
                "$(touch x)",
                "a\u0000b",
                "-n",
                ".hidden",
                "a b",
                "*",
                "?*",
                "x;y",
                "名前",
                "`id`"
            })
    void hostileNamesAreRefusedWhereverTheyAppear(String name) {
        assertThat(parse(record("" + REF, name, "s", "")).error()).startsWith("invalid host");
        assertThat(parse(record("" + REF, "h", name, "")).error()).startsWith("invalid service");
        assertThat(parse(record("" + REF, "h", "s", HostileTelemetry.json(name) + ": 1"))
                        .error())
                .startsWith("invalid metric name");
        assertThat(parse("{\"timestamp\": " + REF + ", \"host\": \"h\", \"metrics\": {}, \"labels\": {"
                                + HostileTelemetry.json(name) + ": \"v\"}}")
                        .error())
                .startsWith("invalid label key");
    }

    @Test
    void namesTheCollectorAndTheGeneratorProduceAreAccepted() {
        for (String host : List.of(
                "checkout-1",
                "svc-07-12",
                "ip-10-0-12-7.eu-west-1.compute.internal",
                "MacBook-Pro.local",
                "node_3",
                "worker01",
                "a".repeat(253))) {
            assertThat(TelemetryInvariants.validHost(host)).as(host).isTrue();
        }
        for (String service : List.of("checkout", "payments", "svc-00", "host", "default", "my_service.v2")) {
            assertThat(TelemetryInvariants.validService(service)).as(service).isTrue();
        }
        for (String metric : List.of(
                "cpu_usage",
                "memory_available_bytes",
                "disk_read_bytes_per_s",
                "load_15",
                "prom_http_requests_total",
                "prom_node_timex_offset_seconds",
                "cpu_pressure",
                "uptime_seconds",
                "response_time_p99",
                "file_descriptors_usage",
                "tcp_retransmits_per_s",
                "oom_kills_per_s")) {
            assertThat(TelemetryInvariants.validMetric(metric)).as(metric).isTrue();
        }
        assertThat(TelemetryInvariants.validLabelKey("app.kubernetes.io/name")).isTrue();
    }

    @Test
    void labelValuesWithControlCharactersBrokenUtf16OrTooLongAreRefused() {
        String base = "{\"timestamp\": " + REF + ", \"host\": \"h\", \"metrics\": {}, \"labels\": {\"k\": ";
        assertThat(parse(base + "\"a\\u0000b\"}}").error()).isEqualTo("label 'k' value has a control character");
        assertThat(parse(base + "\"\\ud800\"}}").error()).isEqualTo("label 'k' value is not valid UTF-16");
        assertThat(parse(base + "\"" + "x".repeat(257) + "\"}}").error()).startsWith("label 'k' value longer than");
        assertThat(parse(base + "\"" + "x".repeat(256) + "\"}}").ok()).isTrue();
        assertThat(parse(base + "\"ok \\ud83d\\ude00\"}}").snapshot().labels()).containsEntry("k", "ok \uD83D\uDE00");
    }

    @Test
    void metricAndLabelCountsAreBounded() {
        StringBuilder m = new StringBuilder();
        for (int i = 0; i < 513; i++) {
            m.append(i == 0 ? "" : ",").append("\"m").append(i).append("\": 1");
        }
        assertThat(parse(record("" + REF, "h", "s", m.toString())).error()).isEqualTo("more than 512 metrics");
        String ok = m.substring(0, m.lastIndexOf(","));
        assertThat(parse(record("" + REF, "h", "s", ok)).snapshot().metrics()).hasSize(512);
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < 65; i++) {
            l.append(i == 0 ? "" : ",").append("\"l").append(i).append("\": \"v\"");
        }
        assertThat(parse("{\"timestamp\": " + REF + ", \"host\": \"h\", \"metrics\": {}, \"labels\": {" + l + "}}")
                        .error())
                .isEqualTo("more than 64 labels");
    }

    @Test
    void valuesMustBeFiniteAndWithinTheirFamilysRangeAndOneBadMetricRejectsTheRecord() {
        assertThat(parse(record("" + REF, "h", "s", "\"ok\": 1, \"cpu_usage\": 1.7e308"))
                        .error())
                .isEqualTo("metric 'cpu_usage' out of range: must be a percentage within 0..100 (±1.0)");
        assertThat(parse(record("" + REF, "h", "s", "\"cpu_usage\": 1e400")).error())
                .isEqualTo("metric 'cpu_usage' is not finite");
        assertThat(parse(record("" + REF, "h", "s", "\"cpu_usage\": 100.9, \"memory_usage\": -0.5"))
                        .ok())
                .isTrue();
        assertThat(parse(record("" + REF, "h", "s", "\"latency_p99\": -1")).error())
                .startsWith("metric 'latency_p99' out of range: must be within 0..");
        assertThat(parse(record("" + REF, "h", "s", "\"custom\": -1e15, \"prom_x_seconds\": -3"))
                        .ok())
                .isTrue();
        assertThat(parse(record("" + REF, "h", "s", "\"custom\": 1.0000001e15")).error())
                .startsWith("metric 'custom' out of range");
        assertThat(MetricFamily.of("cache_hit_rate")).isEqualTo(MetricFamily.PERCENT);
        assertThat(MetricFamily.of("error_rate")).isEqualTo(MetricFamily.NON_NEGATIVE);
        assertThat(MetricFamily.of("net_rx_bytes_per_s")).isEqualTo(MetricFamily.NON_NEGATIVE);
        assertThat(MetricFamily.of("memory_available_ratio")).isEqualTo(MetricFamily.ANY);
    }

    @Test
    void repeatedFieldsMetricsAndLabelsAreRefused() {
        assertThat(parse("{\"timestamp\": " + REF + ", \"timestamp\": \"9999-12-31T00:00:00Z\", \"host\": \"h\", "
                                + "\"metrics\": {}}")
                        .error())
                .isEqualTo("duplicate field 'timestamp'");
        assertThat(parse(record("" + REF, "h", "s", "\"a\": 1, \"a\": 2")).error())
                .isEqualTo("duplicate metric 'a'");
    }

    @Test
    void reasonsNeverEchoMuchOfTheInput() {
        String longName = "x".repeat(10_000) + "/";
        String reason = parse(record("" + REF, longName, "s", "")).error();
        assertThat(reason).startsWith("invalid host 'xxx").hasSizeLessThan(200);
        assertThat(parse("{\"timestamp\": \"" + "\u0000".repeat(100) + "\", \"host\": \"h\", \"metrics\": {}}")
                        .error())
                .doesNotContain("\u0000")
                .hasSizeLessThanOrEqualTo(200);
    }

    @Test
    void aHugeRecordIsRefusedUnreadAndItsDeadLetterIsCutTo64KiB() {
        String raw = "{\"timestamp\": " + REF + ", \"host\": \"h\", \"metrics\": {}, \"junk\": \""
                + "é".repeat(2_500_000) + "\"}";
        TelemetryParser.Result r = parse(raw);
        assertThat(r.error()).startsWith("record too large (");
        DeadLetter d = new DeadLetter(raw, r.error(), 7L);
        assertThat(d.truncated()).isTrue();
        assertThat(d.originalLength()).isEqualTo(raw.getBytes(StandardCharsets.UTF_8).length);
        assertThat(d.raw().getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(64 * 1024)
                .isGreaterThan(64 * 1024 - 4);
        assertThat(raw).startsWith(d.raw());
        assertThat(Json.write(d)).contains("\"truncated\":true", "\"original_length\":" + d.originalLength());
    }

    @Test
    void aDeadLetterKeepsASmallRecordWholeAndReplacesBrokenSurrogates() {
        DeadLetter d = DeadLetter.of("ab\uD800c\uD83D\uDE00", "r", 1L, 1024);
        assertThat(d.raw()).isEqualTo("ab\uFFFDc\uD83D\uDE00");
        assertThat(d.truncated()).isFalse();
        assertThat(d.originalLength()).isEqualTo(2 + 3 + 1 + 4);
        DeadLetter cut = DeadLetter.of("a\uD83D\uDE00", "r", 1L, 16);
        assertThat(cut.raw()).isEqualTo("a\uD83D\uDE00");
        DeadLetter pair = DeadLetter.of("x".repeat(15) + "\uD83D\uDE00", "r", 1L, 16);
        assertThat(pair.raw()).as("a surrogate pair is never split").isEqualTo("x".repeat(15));
        assertThat(pair.truncated()).isTrue();
        assertThat(Json.read(Json.write(d), DeadLetter.class)).isEqualTo(d);
    }

    @Test
    void theInternalErrorMarkerAndInvalidBoundsAreRecognised() {
        assertThat(new TelemetryParser.Result(null, "internal: java.lang.IllegalStateException").internal())
                .isTrue();
        assertThat(new TelemetryParser.Result(null, "invalid JSON: x").internal())
                .isFalse();
        assertThatThrownBy(() -> InputBounds.DEFAULTS.withWindow(Duration.ofMinutes(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> InputBounds.DEFAULTS.withWindow(Duration.ofDays(Long.MAX_VALUE / 86_400), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(TelemetryInvariants.violation(
                        new TelemetrySnapshot(REF, "h", "s", Map.of("cpu_usage", 500.0), Map.of()),
                        InputBounds.DEFAULTS))
                .startsWith("metric 'cpu_usage' out of range");
    }
}
