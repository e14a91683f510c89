package io.maximus.hcl.tools.cli;

import io.maximus.hcl.collector.Durations;
import io.maximus.hcl.collector.SyntheticFleet;
import io.maximus.hcl.core.EventTimes;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hcl generate}: writes a synthetic fleet's telemetry, with incidents and garbage lines, as JSONL. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Writes a seeded synthetic fleet's telemetry as JSONL for hcl replay: a daily load cycle with "
                + "noise, optional incidents on one service, optional malformed lines.")
public final class GenerateCommand implements Callable<Integer> {

    /** Malformed records, one of each kind the dead-letter rules name, used in rotation. */
    static final List<String> GARBAGE = List.of(
            "this is not json",
            "{\"timestamp\": \"2026-03-02T06:00:15Z\", \"service\": \"checkout\", \"metrics\": {\"cpu_usage\": 1}}",
            "{\"timestamp\": \"yesterday\", \"host\": \"h-1\", \"metrics\": {\"cpu_usage\": 1}}",
            "{\"timestamp\": 1772431215000, \"host\": \"h-1\", \"metrics\": [1, 2, 3]}",
            "[1, 2, 3]",
            "{\"timestamp\": 1772431215000, \"host\": \"\", \"metrics\": {}}",
            "{\"timestamp\": 1772431215000, \"host\": \"h-1\", \"metrics\": {\"cpu_usage\": \"high\"}}",
            "{\"host\": \"h-1\", \"metrics\": {\"cpu_usage\": 1}",
            "");

    @Option(names = "--output", description = "File to write (default: standard output).")
    Path output;

    @Option(names = "--services", description = "Number of services (default: ${DEFAULT-VALUE}).")
    int services = 5;

    @Option(names = "--hosts", description = "Hosts per service (default: ${DEFAULT-VALUE}).")
    int hosts = 4;

    @Option(names = "--hours", description = "Length of the telemetry in hours (default: ${DEFAULT-VALUE}).")
    double hours = 4;

    @Option(names = "--interval", description = "Scrape interval (default: ${DEFAULT-VALUE}).")
    String interval = "15s";

    @Option(names = "--start", description = "Event time of the first scrape (default: ${DEFAULT-VALUE}).")
    String start = "2026-03-02T00:00:00Z";

    @Option(
            names = "--incident",
            description = "kind:service:offset:duration[:magnitude], kind one of cpu_spike, "
                    + "error_surge, latency_step, memory_leak, connection_leak (the leaks end in a 10-minute outage of each "
                    + "host), memory_growth (levels off, no outage); e.g. cpu_spike:checkout:2h:20m. Repeatable.")
    List<String> incidents = new ArrayList<>();

    @Option(
            names = "--random-incidents",
            description =
                    "Add N seeded random incidents (memory and connection leaks "
                            + "that end in outages; memory growth, CPU spikes and latency steps that do not), e.g. for hcl train failure.")
    int randomIncidents = 0;

    @Option(names = "--garbage-every", description = "Write one malformed line after every N records (0: none).")
    int garbageEvery = 0;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Override
    public Integer call() throws IOException {
        long t0 = EventTimes.parse(start);
        long step = Durations.parseMillis(interval);
        long end = t0 + Math.round(hours * 3_600_000);
        List<SyntheticFleet.Incident> parsed = new ArrayList<>();
        for (String spec : incidents) {
            parsed.add(SyntheticFleet.Incident.parse(spec, t0));
        }
        if (randomIncidents > 0) {
            parsed.addAll(SyntheticFleet.randomIncidents(
                    SyntheticFleet.serviceNames(services), randomIncidents, t0, hours, seed));
        }
        SyntheticFleet fleet = new SyntheticFleet(SyntheticFleet.serviceNames(services), hosts, parsed, seed);
        long written = 0;
        long garbage = 0;
        try (Writer w = output == null
                ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                : Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            for (long t = t0; t < end; t += step) {
                for (TelemetrySnapshot s : fleet.at(t)) {
                    w.write(Json.write(s));
                    w.write('\n');
                    written++;
                    if (garbageEvery > 0 && written % garbageEvery == 0) {
                        w.write(GARBAGE.get((int) (garbage++ % GARBAGE.size())));
                        w.write('\n');
                    }
                }
            }
        }
        System.err.println(Json.write(new Generated(written, garbage)));
        return 0;
    }

    /** What was written. */
    record Generated(long records, long garbage) {}
}
