package io.maximus.hcl.core;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of telemetry records, ordinary and hostile, for {@link TelemetryParserFuzzTest} and the
 * whole-job fuzz test in jobs ({@code HostileInputJobFuzzTest}).
 *
 * <p>Written on {@link SplittableRandom} and JUnit 5 rather than jqwik: jqwik is EPL-2.0, and the developers' guide
 * admits Apache/MIT/BSD-compatible licences only, test scope included. The cost is no shrinking; the seed and the
 * record index are in every failure message, and a failing record is printed whole (abbreviated), which has been
 * enough to reproduce.
 */
public final class HostileTelemetry {

    /** What the parser must do with a generated record. */
    public enum Expect {
        /** Accept it. */
        VALID,
        /** Reject it. */
        INVALID,
        /** Either; if accepted, the invariants must hold. */
        EITHER
    }

    /** One generated record: its kind (the generator that made it), the text and what the parser must do. */
    public record Case(String kind, String raw, Expect expect) {}

    /** The reference time of the generated event times: 2026-03-02T06:00:00Z. */
    public static final long REF = 1_772_431_200_000L;

    private static final List<String> METRICS = List.of(
            "cpu_usage",
            "memory_usage",
            "swap_usage",
            "latency_p99",
            "response_time_p50",
            "response_time_p95",
            "response_time_p99",
            "error_rate",
            "throughput",
            "request_queue",
            "cache_hit_rate",
            "disk_io_wait",
            "database_connections",
            "query_latency",
            "bandwidth_saturation",
            "packet_loss",
            "load_1",
            "net_rx_bytes_per_s",
            "prom_http_requests_total",
            "memory_available_ratio",
            "uptime_seconds",
            "cpu_pressure",
            "filesystem_usage");

    private static final List<String> HOSTILE_NAMES = List.of(
            "../../kube-system/coredns",
            "$(touch x)",
            "`id`",
            "a;rm -rf /",
            "a b",
            "a\u0000b",
            "\u0000",
            "x\ny",
            "x\ty",
            "*",
            "?*",
            "-n",
            ".hidden",
            "a/b",
            "a\\b",
            "名前",
            "host\u202e",
            "\u00a0host",
            "a|b",
            "a&b",
            "a>b",
            "'quoted'",
            "\"",
            "%00",
            "\uD800",
            "\uDFFFx",
            "a".repeat(300),
            "-",
            ".",
            "..",
            "_x",
            "x=y",
            "x:y",
            "\u0085",
            "\u007f",
            "\uFFFD");

    private final SplittableRandom r;

    /** A generator seeded with {@code seed}: the same seed gives the same records. */
    public HostileTelemetry(long seed) {
        this.r = new SplittableRandom(seed);
    }

    /** The next record. */
    public Case next() {
        int k = r.nextInt(22);
        return switch (k) {
            case 0, 1, 2 -> new Case("generator-like", valid(), Expect.VALID);
            case 3 -> hostileTimestamp();
            case 4 -> hostileNumber();
            case 5 -> hostileName();
            case 6 -> new Case("deep nesting", deepNesting(), Expect.EITHER);
            case 7 -> hugeRecord();
            case 8 -> duplicateKeys();
            case 9 -> wrongTypes();
            case 10 -> new Case("truncated JSON", truncated(), Expect.INVALID);
            case 11 -> new Case("non-UTF-8 bytes", nonUtf8(), Expect.EITHER);
            case 12 -> manyMetricsOrLabels();
            case 13 -> hostileLabelValue();
            case 14 -> outOfFamilyRange();
            case 15 -> new Case("random text", randomText(r.nextInt(200)), Expect.EITHER);
            case 16 -> new Case("mutated bytes", mutate(valid()), Expect.EITHER);
            case 17 ->
                new Case(
                        "not an object", pick("[]", "null", "1", "\"s\"", "true", "[{}]", "{}{}", " "), Expect.INVALID);
            case 18 -> windowEdge();
            case 19 ->
                new Case(
                        "generator-like, epoch ms",
                        validWith(
                                Long.toString(REF + r.nextLong(-3_600_000, 600_000)),
                                "svc-" + r.nextInt(100),
                                "svc-" + r.nextInt(100) + "-" + r.nextInt(1, 9)),
                        Expect.VALID);
            case 20 ->
                new Case(
                        "unknown fields",
                        valid().replaceFirst(
                                        "\\{", "{\"extra\": {\"a\": [1, {\"b\": \"\\u0000\"}]}, \"scope\": \"../x\", "),
                        Expect.VALID);
            default ->
                new Case(
                        "empty-ish",
                        pick("", "   ", "{", "}", "{\"timestamp\":}", "\u0000", "\uFEFF{}"),
                        Expect.INVALID);
        };
    }

    private String valid() {
        String service = pick(
                "checkout",
                "payments",
                "search",
                "inventory",
                "auth",
                "catalog",
                "shipping",
                "reviews",
                "svc-07",
                "host");
        String host = pick(
                service + "-" + r.nextInt(1, 20),
                "ip-10-0-" + r.nextInt(256) + "-" + r.nextInt(256) + ".eu-west-1.compute.internal",
                "node_" + r.nextInt(9),
                "Worker-" + r.nextInt(9));
        String ts = r.nextBoolean()
                ? "\"" + java.time.Instant.ofEpochMilli(REF + r.nextLong(-3_600_000, 300_000)) + "\""
                : Long.toString(REF + r.nextLong(-86_400_000, 60_000));
        return validWith(ts, service, host);
    }

    private String validWith(String ts, String service, String host) {
        StringBuilder m = new StringBuilder();
        int n = r.nextInt(1, METRICS.size());
        for (int i = 0; i < n; i++) {
            String name = METRICS.get(i);
            double v = switch (MetricFamily.of(name)) {
                case PERCENT -> Math.round(r.nextDouble(0, 100) * 100) / 100.0;
                case NON_NEGATIVE -> r.nextDouble(0, 1e6);
                case ANY -> r.nextDouble(-1e3, 1e3);
            };
            m.append(i == 0 ? "" : ", ").append('"').append(name).append("\": ").append(v);
        }
        String labels = r.nextBoolean()
                ? ", \"labels\": {\"source\": \"synthetic\", \"zone\": \"a\", "
                        + "\"app.kubernetes.io/name\": \"checkout\", \"n\": 3, \"empty\": \"\", \"emoji\": \"ok \uD83D\uDE00\"}"
                : r.nextBoolean() ? ", \"labels\": {\"source\": \"host\"}" : "";
        return "{\"timestamp\": " + ts + ", \"host\": \"" + host + "\", \"service\": \"" + service
                + "\", \"metrics\": {" + m + "}" + labels + "}";
    }

    private Case hostileTimestamp() {
        String ts = pick(
                "\"+300000000-01-01T00:00:00Z\"",
                "\"-300000000-01-01T00:00:00Z\"",
                "\"9999-12-31T23:59:59Z\"",
                "\"+10000-01-01T00:00:00Z\"",
                "\"0000-01-01T00:00:00Z\"",
                "\"1969-12-31T23:59:59Z\"",
                "-1",
                "-9223372036854775808",
                "9223372036854775807",
                "9223372036854775808",
                "99999999999999999999999999999",
                "1e30",
                "1.5",
                "NaN",
                "\"NaN\"",
                "\"Infinity\"",
                "1772431200",
                "\"1772431200\"",
                "\"999999999999999999\"",
                "\"9999999999999999999\"",
                "\"2026-13-45T99:99:99Z\"",
                "\"2026-03-02\"",
                "\"2026-03-02T06:00:00\"",
                "\"2026-03-02T06:00:00+25:00\"",
                "\"2026-03-02T06:00:00+18:00\"",
                "\"tomorrow\"",
                "\"\"",
                "null",
                "[]",
                "{}",
                "true",
                "\"2026-03-02T06:00:00.123456789Z\"",
                "\"+1000000000-12-31T23:59:59.999999999Z\"",
                "\"2026-03-02T06:00:00Z\\u0000\"",
                "\"\u0661\u0662\u0663\"",
                "\"" + "9".repeat(5000) + "\"",
                "\"2026-03-02T06:00:60Z\"",
                "\"2026-03-02t06:00:00z\"",
                "0",
                "253402300799999",
                "253402300800000");
        return new Case("hostile timestamp", validWith(ts, "checkout", "checkout-1"), Expect.EITHER);
    }

    private Case hostileNumber() {
        String v = pick(
                "1.7e308",
                "1.8e308",
                "-1.8e308",
                "1e400",
                "NaN",
                "Infinity",
                "-Infinity",
                "1e-400",
                "9".repeat(400),
                "9".repeat(2000),
                "-0",
                "0x10",
                "01",
                "1.",
                ".5",
                "+1",
                "1e",
                "--1",
                "\"42\"",
                "1e15",
                "1.0000001e15",
                "-1e15",
                "4.9e-324",
                "123456789012345678901234567890");
        String name = pick("cpu_usage", "throughput", "memory_available_ratio", "error_rate", "custom_metric");
        return new Case(
                "hostile number",
                "{\"timestamp\": " + REF + ", \"host\": \"h-1\", \"metrics\": {\"" + name + "\": " + v + "}}",
                Expect.EITHER);
    }

    private Case hostileName() {
        String bad = json(pick(HOSTILE_NAMES));
        String good = "{\"timestamp\": " + REF + ", \"host\": \"h-1\", \"service\": \"s\", \"metrics\": {\"x\": 1}, "
                + "\"labels\": {\"k\": \"v\"}}";
        int where = r.nextInt(4);
        String raw = switch (where) {
            case 0 -> good.replace("\"h-1\"", bad);
            case 1 -> good.replace("\"s\"", bad);
            case 2 -> good.replace("{\"x\": 1}", "{" + bad + ": 1}");
            default -> good.replace("{\"k\": \"v\"}", "{" + bad + ": \"v\"}");
        };
        return new Case("hostile name", raw, Expect.EITHER);
    }

    private Case hostileLabelValue() {
        String v = pick(
                "a\u0000b",
                "line\nbreak",
                "\u001b[31mred",
                "\uD800",
                "x".repeat(257),
                "x".repeat(256),
                "$(touch x)",
                "../../etc/passwd",
                "\u0085",
                "ok",
                "\uD83D\uDE00",
                "\uDE00\uD83D");
        return new Case(
                "hostile label value",
                "{\"timestamp\": " + REF + ", \"host\": \"h\", \"metrics\": {}, " + "\"labels\": {\"k\": " + json(v)
                        + "}}",
                Expect.EITHER);
    }

    private String deepNesting() {
        int depth = pick(10, 999, 1001, 5000, 100_000);
        String where = pick("extra", "labels", "metrics", "timestamp");
        return "{\"timestamp\": " + REF + ", \"host\": \"h\", \"metrics\": {}, \"" + where + "\": " + "[".repeat(depth)
                + "]".repeat(r.nextBoolean() ? depth : depth / 2) + "}";
    }

    private Case hugeRecord() {
        int n = pick(1000, 70_000, 1_100_000, 5_000_000);
        String filler = "x".repeat(n);
        String raw = pick(
                "{\"timestamp\": " + REF + ", \"host\": \"h\", \"metrics\": {}, \"junk\": \"" + filler + "\"}",
                "{\"timestamp\": " + REF + ", \"host\": \"" + filler + "\", \"metrics\": {}}",
                filler);
        return new Case("huge record", raw, n > 1_048_576 ? Expect.INVALID : Expect.EITHER);
    }

    private Case duplicateKeys() {
        String raw = pick(
                "{\"timestamp\": " + REF
                        + ", \"timestamp\": \"9999-12-31T00:00:00Z\", \"host\": \"h\", \"metrics\": {}}",
                "{\"timestamp\": " + REF + ", \"host\": \"h\", \"host\": \"../x\", \"metrics\": {}}",
                "{\"timestamp\": " + REF + ", \"host\": \"h\", \"metrics\": {\"a\": 1, \"a\": 1e308}}",
                "{\"timestamp\": " + REF + ", \"host\": \"h\", \"metrics\": {}, \"metrics\": {\"a\": 1}}",
                "{\"timestamp\": " + REF
                        + ", \"host\": \"h\", \"metrics\": {}, \"labels\": {\"k\": \"a\", \"k\": \"b\"}}");
        return new Case("duplicate keys", raw, Expect.INVALID);
    }

    private Case wrongTypes() {
        String field = pick("timestamp", "host", "service", "metrics", "labels");
        String v = pick("true", "[1]", "{\"a\": 1}", "1", "\"s\"", "false");
        String raw = "{\"timestamp\": " + REF + ", \"host\": \"h\", \"service\": \"s\", \"metrics\": {\"m\": 1}, "
                + "\"labels\": {}}";
        raw = raw.replaceFirst(
                "\"" + field + "\": [^,}]*\\}?", "\"" + field + "\": " + v + (field.equals("metrics") ? "" : ""));
        return new Case("wrong types", raw, Expect.EITHER);
    }

    private String truncated() {
        String v = valid();
        return v.substring(0, r.nextInt(1, v.length() - 1));
    }

    private String nonUtf8() {
        byte[] b = valid().getBytes(StandardCharsets.UTF_8);
        int n = r.nextInt(1, 6);
        for (int i = 0; i < n; i++) {
            b[r.nextInt(b.length)] = (byte) (0x80 + r.nextInt(128));
        }
        return r.nextBoolean() ? new String(b, StandardCharsets.UTF_8) : new String(b, StandardCharsets.ISO_8859_1);
    }

    private Case manyMetricsOrLabels() {
        int n = pick(511, 512, 513, 100_016);
        boolean labels = r.nextBoolean();
        StringBuilder b = new StringBuilder();
        int limit = labels ? n / 8 : n;
        for (int i = 0; i < limit; i++) {
            b.append(i == 0 ? "" : ",").append("\"m").append(i).append(labels ? "\":\"v\"" : "\":1");
        }
        String raw = "{\"timestamp\": " + REF + ", \"host\": \"h\", \"metrics\": {" + (labels ? "" : b) + "}"
                + (labels ? ", \"labels\": {" + b + "}" : "") + "}";
        boolean tooMany = labels ? limit > 64 : limit > 512;
        return new Case("many metrics or labels", raw, tooMany ? Expect.INVALID : Expect.VALID);
    }

    private Case outOfFamilyRange() {
        String[] cases = {
            "cpu_usage\": 101.5",
            "cpu_usage\": -2",
            "memory_usage\": 1e6",
            "latency_p99\": -1",
            "throughput\": -0.5",
            "net_rx_bytes_per_s\": -3",
            "custom\": 2e15",
            "custom\": -2e15",
            "error_rate\": -1"
        };
        return new Case(
                "value out of family range",
                "{\"timestamp\": " + REF + ", \"host\": \"h\", \"metrics\": {\"" + cases[r.nextInt(cases.length)]
                        + "}}",
                Expect.INVALID);
    }

    private Case windowEdge() {
        long[] offsets = {600_000, 600_001, -604_800_000L, -604_800_001L, 86_400_000L * 365, -86_400_000L * 30};
        int i = r.nextInt(offsets.length);
        boolean inside = i % 2 == 0 && i < 4;
        return new Case(
                "event-time window",
                "{\"timestamp\": " + (REF + offsets[i]) + ", \"host\": \"h\", " + "\"metrics\": {}}",
                inside ? Expect.VALID : Expect.INVALID);
    }

    private String mutate(String s) {
        StringBuilder b = new StringBuilder(s);
        int n = r.nextInt(1, 4);
        for (int i = 0; i < n && b.length() > 0; i++) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(3)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, pick("\"", "{", "}", ",", ":", "\\", "\u0000", "[", "1e999", "\uD800"));
                default -> b.setCharAt(at, (char) r.nextInt(0x10000));
            }
        }
        return b.toString();
    }

    private String randomText(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(
                    r.nextInt(4) == 0
                            ? (char) r.nextInt(0x10000)
                            : "{}[]\":,0123456789eE.-+ tnulrfas\\".charAt(r.nextInt(32)));
        }
        return b.toString();
    }

    /** {@code s} as a JSON string: quotes, backslashes and C0 controls escaped, everything else left raw. */
    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[r.nextInt(options.length)];
    }

    private <T> T pick(List<T> options) {
        return options.get(r.nextInt(options.size()));
    }
}
