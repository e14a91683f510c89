package io.maximus.hcl.models.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.maximus.hcl.collector.SyntheticFleet;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetFailureModelTest {

    private static final long START = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();

    private static SyntheticFleet fleet(List<String> services, int hosts, long seed, String... incidents) {
        List<SyntheticFleet.Incident> parsed = new ArrayList<>();
        for (String spec : incidents) {
            parsed.add(SyntheticFleet.Incident.parse(spec, START));
        }
        return new SyntheticFleet(services, hosts, parsed, seed);
    }

    private static void write(SyntheticFleet f, Path file, double hours, long stepMs) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long t = START; t < START + Math.round(hours * 3_600_000); t += stepMs) {
                for (TelemetrySnapshot s : f.at(t)) {
                    w.write(Json.write(s));
                    w.write('\n');
                }
            }
        }
    }

    /** Runs the monitor over a fleet; returns every alarm raised, by host. */
    private static Map<String, List<FailureMonitor.Scored>> raised(
            FailureMonitor monitor, SyntheticFleet f, double hours) {
        Map<String, FailureMonitor.State> states = new HashMap<>();
        Map<String, List<FailureMonitor.Scored>> out = new HashMap<>();
        for (long t = START; t < START + Math.round(hours * 3_600_000); t += 15_000) {
            for (TelemetrySnapshot s : f.at(t)) {
                FailureMonitor.Scored sc = monitor.onSnapshot(
                        states.computeIfAbsent(s.host(), h -> monitor.newState()), s.timestamp(), s.metrics());
                if (sc != null && sc.transition() == FailureMonitor.Transition.RAISED) {
                    out.computeIfAbsent(s.host(), h -> new ArrayList<>()).add(sc);
                }
            }
        }
        return out;
    }

    @Test
    void bundledModelPredictsAMemoryLeakTenMinutesAheadAndNamesWhy() {
        FleetFailureModel model = FleetFailureModel.loadBundled();
        FailureMonitor monitor = new FailureMonitor(model, FailureMonitor.Config.defaults(model));
        SyntheticFleet f = fleet(List.of("checkout", "search"), 3, 5, "memory_leak:checkout:2h:40m");
        Map<String, List<FailureMonitor.Scored>> alarms = raised(monitor, f, 3.5);
        assertThat(f.outages()).hasSize(3);
        for (SyntheticFleet.Outage o : f.outages()) {
            assertThat(alarms.get(o.host())).as("alarm for %s", o.host()).isNotEmpty();
            FailureMonitor.Scored first = alarms.get(o.host()).get(0);
            double leadMin = (o.onsetMs() - first.eventTime()) / 60_000.0;
            assertThat(leadMin).as("lead of %s", o.host()).isBetween(10.0, 45.0);
            assertThat(first.probability()).isGreaterThanOrEqualTo(model.threshold());
            assertThat(first.drivers()).isNotEmpty();
            assertThat(first.drivers().get(0).feature()).startsWith("memory_usage.");
        }
        assertThat(alarms.keySet()).allMatch(h -> h.startsWith("checkout-"));
    }

    @Test
    void bundledModelStaysQuietOnACalmDayAndOnLookAlikes() {
        FleetFailureModel model = FleetFailureModel.loadBundled();
        FailureMonitor monitor = new FailureMonitor(model, FailureMonitor.Config.defaults(model));
        SyntheticFleet calm = fleet(List.of("checkout", "payments"), 2, 11);
        assertThat(raised(monitor, calm, 24)).isEmpty();
        SyntheticFleet lookAlikes = fleet(
                List.of("checkout", "payments", "search"),
                2,
                12,
                "cpu_spike:checkout:2h:30m",
                "latency_step:payments:2h:60m:0.6",
                "memory_growth:search:2h:60m:0.45");
        assertThat(raised(monitor, lookAlikes, 5)).isEmpty();
    }

    @Test
    void aHostWithoutTheModelsMetricsIsNotScored() {
        FleetFailureModel model = FleetFailureModel.loadBundled();
        FailureMonitor monitor = new FailureMonitor(model, FailureMonitor.Config.defaults(model));
        FailureMonitor.State s = monitor.newState();
        int scored = 0;
        for (int i = 0; i < 4 * 180; i++) {
            // a real host from the collector: CPU, memory (high and climbing) and disk wait, no service metrics
            Map<String, Double> m = Map.of(
                    "cpu_usage", 30.0 + i % 7, "memory_usage", Math.min(100, 80 + i / 40.0), "disk_io_wait", 1.0);
            scored += monitor.onSnapshot(s, START + i * 15_000L, m) == null ? 0 : 1;
        }
        assertThat(scored).isZero();
        assertThat(s.rows).isEqualTo(60);
    }

    @Test
    void contributionsAddUpToTheMargin() {
        FleetFailureModel model = FleetFailureModel.loadBundled();
        Random rnd = new Random(3);
        float[] x = new float[model.featureNames().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i == 7 ? Float.NaN : (float) (3 * rnd.nextGaussian());
        }
        CompiledForest forest = model.forests()[0];
        double[] c = new double[x.length];
        double bias = forest.contributions(x, 0, c);
        double sum = bias;
        for (double v : c) {
            sum += v;
        }
        assertThat(sum).isCloseTo(forest.margin(x, 0), within(1e-3));
        assertThat(c[7]).isZero();
    }

    @Test
    void hysteresisNeedsTwoRowsToRaiseAndFiveLowRowsToClear() {
        FailureMonitor.Config c = new FailureMonitor.Config(0.5, 0.5, 2, 5, 0);
        FailureMonitor.State s = new FailureMonitor.State();
        double[] p = {0.6, 0.1, 0.6, 0.7, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2};
        List<FailureMonitor.Transition> seen = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            seen.add(FailureMonitor.step(s, p[i], i, c));
        }
        assertThat(seen)
                .containsExactly(
                        FailureMonitor.Transition.NONE,
                        FailureMonitor.Transition.NONE,
                        FailureMonitor.Transition.NONE,
                        FailureMonitor.Transition.RAISED,
                        FailureMonitor.Transition.NONE,
                        FailureMonitor.Transition.NONE,
                        FailureMonitor.Transition.NONE,
                        FailureMonitor.Transition.NONE,
                        FailureMonitor.Transition.NONE,
                        FailureMonitor.Transition.CLEARED,
                        FailureMonitor.Transition.NONE);
        assertThatThrownBy(() -> new FailureMonitor.Config(1.5, 0.5, 2, 5, 3))
                .hasMessageContaining("threshold must be in (0, 1)");
    }

    @Test
    void trainingIsReproducibleAndItsArtifactIsChecked(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("fleet.jsonl");
        SyntheticFleet f = fleet(
                List.of("checkout", "payments", "search"),
                2,
                21,
                "memory_leak:checkout:90m:40m",
                "memory_leak:payments:3h:60m",
                "connection_leak:search:2h:50m",
                "memory_growth:checkout:5h:60m:0.6",
                "cpu_spike:payments:6h:20m",
                "memory_leak:search:6h:30m");
        write(f, data, 8, 30_000);
        FleetFailureTraining.Config d = FleetFailureTraining.Config.defaults();
        FleetFailureTraining.Config cfg = new FleetFailureTraining.Config(
                d.metrics(), d.rowMillis(), d.shortRows(), d.longRows(), 10, 30, 10, 3, 20, 3, 0.3, 1, 0);
        FleetFailureTraining training = new FleetFailureTraining(cfg);
        String[] sha = new String[1];
        List<FleetFailureTraining.HostSeries> hosts = training.read(data, sha);
        assertThat(hosts).hasSize(6);
        // the outages labelled from the telemetry are the fleet's own, to the minute
        long labelled = hosts.stream().mapToLong(h -> h.onsets().size()).sum();
        assertThat(labelled).isEqualTo(f.outages().size());
        for (SyntheticFleet.Outage o : f.outages()) {
            FleetFailureTraining.HostSeries h = hosts.stream()
                    .filter(s -> s.key().endsWith("/" + o.host()))
                    .findFirst()
                    .orElseThrow();
            assertThat(h.onsets()).anyMatch(on -> Math.abs(on * 60_000 - o.onsetMs()) <= 60_000);
        }
        FleetFailureTraining.Result a = training.train(hosts, "test-1");
        FleetFailureTraining.Result b = training.train(training.read(data, null), "test-1");
        a.model().save(dir.resolve("a"), a.boosters(), sha[0], a.params(), a.figures());
        b.model().save(dir.resolve("b"), b.boosters(), sha[0], b.params(), b.figures());
        assertThat(Files.readAllBytes(dir.resolve("a/forest-0.bin")))
                .isEqualTo(Files.readAllBytes(dir.resolve("b/forest-0.bin")));
        assertThat(a.model().threshold()).isEqualTo(b.model().threshold());

        FleetFailureModel loaded = FleetFailureModel.load(dir.resolve("a"));
        assertThat(loaded.featureNames()).isEqualTo(a.model().featureNames());
        float[] x = new float[loaded.featureNames().length];
        x[0] = 4;
        x[2] = 0.3f;
        assertThat(loaded.probability(x)).isEqualTo(a.model().probability(x));
        String manifest = Files.readString(dir.resolve("a/manifest.json"));
        assertThat(manifest)
                .contains(
                        "\"training_data_sha256\" : \"" + sha[0] + "\"",
                        "\"memory_usage\"",
                        "\"out_of_fold\"",
                        "\"model-1.ubj\"");

        Files.write(dir.resolve("a/forest-1.bin"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> FleetFailureModel.load(dir.resolve("a")))
                .hasMessageContaining("forest-1.bin")
                .hasMessageContaining("does not match its manifest");
        assertThatThrownBy(() -> FleetFailureModel.load(dir.resolve("missing")))
                .hasMessageContaining("no manifest.json")
                .hasMessageContaining("hcl train failure");
    }
}
