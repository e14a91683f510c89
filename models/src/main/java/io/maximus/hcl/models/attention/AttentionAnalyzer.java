package io.maximus.hcl.models.attention;

import io.maximus.hcl.core.AnomalyScore;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.models.anomaly.AnomalyDetector;
import io.maximus.hcl.models.anomaly.DetectorScore;
import io.maximus.hcl.models.anomaly.artifact.AnomalyModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Both attention tiers over a loaded {@link AnomalyModel}, one snapshot at a time: the peripheral monitor on every
 * snapshot, the foveal analyzer (the service's combined detector: Isolation Forest + PCA + LSTM autoencoder through
 * ONNX Runtime) on what it escalates. The caller owns the per-key state ({@link PeripheralState},
 * {@link FovealState}), so a keyed Flink operator can keep it in its state; this class holds only the shared,
 * read-only model and scratch space. Not thread-safe: one per task.
 */
public final class AttentionAnalyzer {

    /** Prefix of {@link AnomalyScore#detector()} when the foveal stage scored the snapshot. */
    public static final String FOVEAL = "foveal";
    /** Prefix of {@link AnomalyScore#detector()} when only the peripheral stage saw it. */
    public static final String PERIPHERAL = "peripheral";
    /** Component name of the peripheral salience in the score's breakdown. */
    public static final String SALIENCE = "salience";

    /**
     * Attention settings (see {@link FovealAnalyzer} and {@link PeripheralMonitor}).
     *
     * @param peripheralAlpha EWMA weight of the peripheral baselines
     * @param peripheralFloor smallest peripheral deviation scale, in metric units
     * @param quantile salience quantile used as each key's escalation level
     * @param absoluteLevel salience that escalates whatever the key's level
     * @param hold snapshots held after an escalation
     * @param sampleRate random share escalated
     * @param budgetCapacity foveal analyses per key in a burst
     * @param budgetRefill sustained foveal share per key
     * @param fixation share of the threshold at which a foveal score keeps attention on the key
     */
    public record Settings(
            double peripheralAlpha,
            double peripheralFloor,
            double quantile,
            double absoluteLevel,
            int hold,
            double sampleRate,
            double budgetCapacity,
            double budgetRefill,
            double fixation)
            implements Serializable {

        /** The evaluated defaults ({@link PeripheralMonitor#defaults()}, {@link FovealAnalyzer#defaults}). */
        public static Settings defaults() {
            return new Settings(0.001, 1e-2, 0.96, 6.0, 1, 0.01, 1000, 0.1, 0.9);
        }
    }

    /**
     * One snapshot's outcome.
     *
     * @param score the score to emit (foveal verdict, or the key's last smoothed score decayed toward calm)
     * @param escalation what the foveal stage did
     * @param salience the peripheral salience
     */
    public record Outcome(AnomalyScore score, FovealAnalyzer.Escalation escalation, double salience) {}

    private final AnomalyModel model;
    private final PeripheralMonitor monitor;
    private final Map<String, FovealAnalyzer> analyzers = new HashMap<>();
    private final Settings settings;
    private final long seed;
    private final Map<String, double[]> scratch = new HashMap<>();
    private boolean timed;
    private long peripheralNanos;
    private long fovealNanos;
    private long peripheralCount;
    private long fovealCount;

    /** An analyzer over a loaded model; {@code seed} seeds every key's random sample (mixed with the key). */
    public AttentionAnalyzer(AnomalyModel model, Settings settings, long seed) {
        this.model = model;
        this.settings = settings;
        this.seed = seed;
        this.monitor = new PeripheralMonitor(
                settings.peripheralAlpha(), settings.peripheralFloor(), settings.quantile(), 0.002);
        for (Map.Entry<String, AnomalyDetector> e : model.detectors().entrySet()) {
            AnomalyDetector d = e.getValue();
            analyzers.put(
                    e.getKey(),
                    new FovealAnalyzer(
                            d,
                            1.0,
                            settings.absoluteLevel(),
                            settings.hold(),
                            settings.sampleRate(),
                            settings.budgetCapacity(),
                            settings.budgetRefill(),
                            settings.fixation() * d.threshold()));
        }
    }

    /** The detector's label in emitted scores: {@code <tier>:<artifact version>}. */
    public String label(String tier) {
        return tier + ":" + model.version();
    }

    /**
     * The snapshot's values in the service model's metric order, or null when there is no model for the service or
     * the snapshot lacks one of its metrics (the caller then falls back to the baseline). The array is reused.
     */
    public double[] vector(TelemetrySnapshot s) {
        AnomalyDetector d = model.detector(s.service());
        if (d == null) {
            return null;
        }
        String[] names = d.metricNames();
        double[] x = scratch.computeIfAbsent(s.service(), k -> new double[names.length]);
        for (int j = 0; j < names.length; j++) {
            Double v = s.metrics().get(names[j]);
            if (v == null) {
                return null;
            }
            x[j] = v;
        }
        return x;
    }

    /**
     * A fresh peripheral state for the snapshot's service: a copy of the state the monitor reached on the service's
     * training rows when the artifact has one (so a new key starts with a calibrated escalation level), else empty.
     */
    public PeripheralState newPeripheral(TelemetrySnapshot s) {
        PeripheralState prior = model.peripheralPrior(s.service());
        return prior != null
                ? prior
                : new PeripheralState(model.detector(s.service()).dimensions());
    }

    /** A fresh foveal state for a key, its random sample seeded by the analyzer's seed and the key. */
    public FovealState newFoveal(String key) {
        long h = seed * 0x9E3779B97F4A7C15L + key.hashCode();
        return new FovealState(h);
    }

    /**
     * Runs the tiers on one snapshot (values from {@link #vector}) and updates the key's states.
     */
    public Outcome analyze(TelemetrySnapshot s, double[] x, PeripheralState ps, FovealState fs) {
        FovealAnalyzer foveal = analyzers.get(s.service());
        long t0 = timed ? System.nanoTime() : 0;
        double salience = monitor.update(ps, x, !fs.fixated());
        FovealAnalyzer.Escalation e = foveal.decide(fs, ps, x, salience);
        if (timed) {
            long t1 = System.nanoTime();
            peripheralNanos += t1 - t0;
            peripheralCount++;
            t0 = t1;
        }
        AnomalyDetector d = foveal.detector();
        String[] names = d.metricNames();
        if (e.analyzed()) {
            DetectorScore v = foveal.analyze(fs);
            if (timed) {
                fovealNanos += System.nanoTime() - t0;
                fovealCount++;
            }
            Map<String, Double> comp = new LinkedHashMap<>(v.components());
            comp.put(SALIENCE, salience);
            List<String> salient = new ArrayList<>(v.salient().size());
            for (DetectorScore.SalientMetric m : v.salient()) {
                salient.add(m.metric());
            }
            return new Outcome(
                    new AnomalyScore(s.scope(), s.timestamp(), label(FOVEAL), v.score(), v.threshold(), comp, salient),
                    e,
                    salience);
        }
        double score = foveal.reportedScore(fs);
        int top = ps.lastTopMetric();
        List<String> salient = top >= 0 ? List.of(names[top]) : List.of();
        return new Outcome(
                new AnomalyScore(
                        s.scope(),
                        s.timestamp(),
                        label(PERIPHERAL),
                        score,
                        d.threshold(),
                        Map.of(SALIENCE, salience),
                        salient),
                e,
                salience);
    }

    /** Turns per-tier timing on (two clock reads per tier and snapshot; off by default). */
    public AttentionAnalyzer timed(boolean on) {
        this.timed = on;
        return this;
    }

    /** Mean peripheral time per snapshot (monitor update and escalation decision), nanoseconds; NaN before any. */
    public double peripheralNanosPerSnapshot() {
        return peripheralCount == 0 ? Double.NaN : (double) peripheralNanos / peripheralCount;
    }

    /** Mean foveal time per analyzed snapshot (all components, ONNX included), nanoseconds; NaN before any. */
    public double fovealNanosPerSnapshot() {
        return fovealCount == 0 ? Double.NaN : (double) fovealNanos / fovealCount;
    }

    /** The settings. */
    public Settings settings() {
        return settings;
    }
}
