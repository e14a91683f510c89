package io.maximus.hcl.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/**
 * Hand-made telemetry unlike {@code hcl generate}'s fleet: other service and host names, another scrape interval
 * (20 s), other metric sets (memory, swap and disk usage, a connection pool, custom ones) and written shapes: a linear
 * leak, a garbage-collection sawtooth, log rotation, a calm host.
 */
final class HandMadeTelemetry {

    /** Scrape interval of every hand-made host. */
    static final long STEP_MS = 20_000L;

    private final long start;
    private final List<TelemetrySnapshot> snapshots = new ArrayList<>();

    /** Telemetry starting at {@code start} (epoch ms). */
    HandMadeTelemetry(long start) {
        this.start = start;
    }

    /**
     * Adds one host reporting every {@link #STEP_MS} for {@code minutes} minutes.
     *
     * @param memory memory_usage (%) as a function of the minute since the start, before noise
     * @param disk disk_usage (%) as a function of the minute
     */
    HandMadeTelemetry host(
            String service,
            String host,
            double minutes,
            DoubleUnaryOperator memory,
            DoubleUnaryOperator disk,
            long seed) {
        Random r = new Random(seed);
        for (long t = 0; t < minutes * 60_000; t += STEP_MS) {
            double minute = t / 60_000.0;
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("memory_usage", clamp(memory.applyAsDouble(minute) + 0.8 * r.nextGaussian()));
            m.put("swap_usage", clamp(3 + 0.3 * r.nextGaussian()));
            m.put("disk_usage", clamp(disk.applyAsDouble(minute) + 0.05 * r.nextGaussian()));
            m.put("hikaricp_connections_active", (double) Math.max(0, Math.round(12 + 3 * r.nextGaussian())));
            m.put("hikaricp_connections_max", 50.0);
            m.put("ledger_commit_lag_ms", Math.abs(35 + 8 * r.nextGaussian()));
            m.put("wal_segments", (double) (40 + r.nextInt(5)));
            m.put("jvm_gc_pause_ms", Math.abs(4 + 2 * r.nextGaussian()));
            snapshots.add(new TelemetrySnapshot(start + t, host, service, m, Map.of("rack", "r" + (seed % 4))));
        }
        return this;
    }

    /**
     * Adds one host reporting only the given metrics every {@link #STEP_MS} for {@code minutes} minutes; each metric is
     * a function of the minute since the start (noise included by the caller's {@link Random}).
     */
    HandMadeTelemetry host(String service, String host, double minutes, long seed, Map<String, Shape> metrics) {
        Random r = new Random(seed);
        for (long t = 0; t < minutes * 60_000; t += STEP_MS) {
            double minute = t / 60_000.0;
            Map<String, Double> m = new LinkedHashMap<>();
            metrics.forEach((name, shape) -> m.put(name, shape.at(minute, r)));
            snapshots.add(new TelemetrySnapshot(start + t, host, service, m, Map.of("zone", "z" + (seed % 3))));
        }
        return this;
    }

    /** One metric's value at a minute, with its noise drawn from {@code r}. */
    @FunctionalInterface
    interface Shape {
        /** The value at {@code minute}. */
        double at(double minute, Random r);

        /** A percentage: {@code level} plus Gaussian noise of {@code sd}, clamped to [0, 100]. */
        static Shape percent(DoubleUnaryOperator level, double sd) {
            return (m, r) -> clamp(level.applyAsDouble(m) + sd * r.nextGaussian());
        }

        /** A count: {@code level} plus Gaussian noise of {@code sd}, rounded, within [0, {@code max}]. */
        static Shape count(DoubleUnaryOperator level, double sd, double max) {
            return (m, r) ->
                    (double) Math.max(0, Math.min(max, Math.round(level.applyAsDouble(m) + sd * r.nextGaussian())));
        }

        /** A constant. */
        static Shape constant(double v) {
            return (m, r) -> v;
        }
    }

    /** Writes the snapshots in time order, one JSON record per line. */
    Path write(Path file) throws IOException {
        List<TelemetrySnapshot> sorted = new ArrayList<>(snapshots);
        sorted.sort(Comparator.comparingLong(TelemetrySnapshot::timestamp));
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (TelemetrySnapshot s : sorted) {
                w.write(Json.write(s));
                w.newLine();
            }
        }
        return file;
    }

    /** The number of snapshots. */
    int size() {
        return snapshots.size();
    }

    /**
     * Writes this telemetry to {@code dir/name.jsonl}, replays it through {@code hcl replay} (parallelism 2), checks
     * that every record was read, and returns the decisions.
     */
    List<JsonNode> replay(Path dir, String name) throws Exception {
        Path input = write(dir.resolve(name + ".jsonl"));
        Path output = dir.resolve(name + "-decisions.jsonl");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int rc = new picocli.CommandLine(new ReplayCommand(new PrintStream(stdout, true, StandardCharsets.UTF_8)))
                .execute("--input", input.toString(), "--output", output.toString(), "--parallelism", "2");
        assertThat(rc).isZero();
        JsonNode summary = Json.MAPPER.readTree(stdout.toString(StandardCharsets.UTF_8)
                .lines()
                .reduce((a, b) -> b)
                .orElseThrow());
        assertThat(summary.get("records").asLong()).isEqualTo(size());
        List<JsonNode> decisions = new ArrayList<>();
        for (String l : Files.readAllLines(output)) {
            decisions.add(Json.MAPPER.readTree(l));
        }
        return decisions;
    }

    /** A linear leak from {@code from} % to {@code to} % over {@code minutes}. */
    static DoubleUnaryOperator linear(double from, double to, double minutes) {
        return m -> from + (to - from) * m / minutes;
    }

    /** A sawtooth: from {@code low} % up to {@code high} % over {@code period} minutes, then released at once. */
    static DoubleUnaryOperator sawtooth(double low, double high, double period) {
        return m -> low + (high - low) * ((m % period) / period);
    }

    /** Flat at {@code level} until {@code at} minutes, then a step of {@code step} and a rise of {@code slope} a minute. */
    static DoubleUnaryOperator stepThenLinear(double level, double at, double step, double slope) {
        return m -> m < at ? level : level + step + slope * (m - at);
    }

    /** A flat level. */
    static DoubleUnaryOperator flat(double level) {
        return m -> level;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(100, v));
    }
}
