package io.maximus.hcl.operators.analyze;

import io.maximus.hcl.core.AnomalyScore;
import io.maximus.hcl.core.ScoredSnapshot;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.models.anomaly.artifact.AnomalyModel;
import io.maximus.hcl.models.anomaly.online.OnlineAnomalyModel;
import io.maximus.hcl.models.anomaly.online.OnlineModelState;
import io.maximus.hcl.models.attention.AttentionAnalyzer;
import io.maximus.hcl.models.attention.FovealAnalyzer;
import io.maximus.hcl.models.attention.FovealState;
import io.maximus.hcl.models.attention.PeripheralState;
import io.maximus.hcl.models.baseline.BaselineDetector;
import io.maximus.hcl.models.baseline.RollingStatistics;
import io.maximus.hcl.operators.metrics.HclMetrics;
import io.maximus.hcl.operators.types.HclTypes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by service and host: the anomaly models behind attention. Each key's peripheral statistics and foveal state
 * (its snapshot window, smoothed score, hold, budget and sampler) live in Flink state; the trained model artifact is
 * loaded once per task in {@link #open} (its LSTM autoencoder as an ONNX Runtime session). Every snapshot goes
 * through the peripheral tier; the foveal tier (Isolation Forest + PCA + LSTM autoencoder, combined and calibrated)
 * runs on salient keys, a seeded random sample and while a key looks anomalous, within a per-key budget. A snapshot
 * of a service the artifact has no model for, or lacking one of the model's metrics, is scored by the key's own
 * {@link OnlineAnomalyModel}, learned from the key's history and refitted as it drifts (state
 * {@code online-anomaly-model}); while that model warms up the baseline detector scores it, and the score's detector
 * says so ({@code baseline-ewma-z (online-knn warming up, n left)}). Nothing is scored silently by a fallback. With
 * {@code analyze.detector=baseline} (no model) the baseline detector scores every snapshot in its own state; the
 * attention and online states are kept as they are, so the detector can be switched either way across a savepoint:
 * one operator, one uid. A key's baseline statistics of a savepoint from before (when the baseline detector had an
 * operator of its own) arrive once in the {@link ScorerInput}.
 */
public class AttentionAnomalyScorer extends KeyedProcessFunction<String, ScorerInput, ScoredSnapshot> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AttentionAnomalyScorer.class);

    private final String modelLocation;
    private final String expectedVersion;
    private final AttentionAnalyzer.Settings settings;
    private final long seed;
    private final BaselineDetector fallback;
    private final Duration stateTtl;
    private final OnlineAnomalyModel online;
    private final boolean attention;

    private transient AnomalyModel model;
    private transient AttentionAnalyzer analyzer;
    private transient ValueState<PeripheralState> peripheral;
    private transient ValueState<FovealState> foveal;
    private transient ValueState<RollingStatistics> baseline;
    private transient ValueState<OnlineModelState> onlineState;
    private transient Map<String, String> modelLabels;
    private transient Counter onlineScored;
    private transient Counter onlineWarmUp;
    private transient Counter onlineFits;
    private transient Counter escalated;
    private transient Counter sampled;
    private transient Counter budgetDenied;
    private transient Counter fellBack;
    private transient HclMetrics metrics;

    /**
     * A scorer with the anomaly models behind attention.
     *
     * @param modelLocation the artifact: a directory, or {@code builtin[:version]} for the one shipped in the jar
     * @param expectedVersion the artifact version required, or null for any
     * @param settings attention settings
     * @param seed seed of the per-key random samples
     * @param fallback the baseline detector for snapshots the artifact cannot score
     * @param stateTtl a key's state expires after this long without a snapshot
     */
    public AttentionAnomalyScorer(
            String modelLocation,
            String expectedVersion,
            AttentionAnalyzer.Settings settings,
            long seed,
            BaselineDetector fallback,
            Duration stateTtl) {
        this(
                modelLocation,
                expectedVersion,
                settings,
                seed,
                fallback,
                stateTtl,
                OnlineAnomalyModel.Settings.defaults(),
                true);
    }

    /** A scorer whose keys without an artifact model learn an online model with {@code onlineSettings}. */
    public AttentionAnomalyScorer(
            String modelLocation,
            String expectedVersion,
            AttentionAnalyzer.Settings settings,
            long seed,
            BaselineDetector fallback,
            Duration stateTtl,
            OnlineAnomalyModel.Settings onlineSettings) {
        this(modelLocation, expectedVersion, settings, seed, fallback, stateTtl, onlineSettings, true);
    }

    private AttentionAnomalyScorer(
            String modelLocation,
            String expectedVersion,
            AttentionAnalyzer.Settings settings,
            long seed,
            BaselineDetector fallback,
            Duration stateTtl,
            OnlineAnomalyModel.Settings onlineSettings,
            boolean attention) {
        this.online = new OnlineAnomalyModel(onlineSettings);
        this.modelLocation = modelLocation;
        this.expectedVersion = expectedVersion;
        this.settings = settings;
        this.seed = seed;
        this.fallback = fallback;
        this.stateTtl = stateTtl;
        this.attention = attention;
    }

    /**
     * A scorer with the baseline detector alone ({@code analyze.detector=baseline}): no model is loaded; a key's
     * attention state, if restored, is kept untouched for a later switch back.
     */
    public static AttentionAnomalyScorer baselineOnly(BaselineDetector detector, Duration stateTtl) {
        return new AttentionAnomalyScorer(
                null, null, null, 0L, detector, stateTtl, OnlineAnomalyModel.Settings.defaults(), false);
    }

    @Override
    public void open(OpenContext ctx) {
        if (attention) {
            model = AnomalyModel.open(modelLocation, new AnomalyModel.Expected(expectedVersion, null));
            analyzer = new AttentionAnalyzer(model, settings, seed);
        }
        // All three states in both modes, so a switch of detector keeps every key's state of the other.
        StateTtlConfig ttl = StateTtlConfig.newBuilder(stateTtl).build();
        ValueStateDescriptor<PeripheralState> p =
                new ValueStateDescriptor<>("attention-peripheral", HclTypes.peripheralState());
        p.enableTimeToLive(ttl);
        ValueStateDescriptor<FovealState> f = new ValueStateDescriptor<>("attention-foveal", HclTypes.fovealState());
        f.enableTimeToLive(ttl);
        ValueStateDescriptor<RollingStatistics> b =
                new ValueStateDescriptor<>("baseline-fallback", RollingStatistics.class);
        b.enableTimeToLive(ttl);
        ValueStateDescriptor<OnlineModelState> o =
                new ValueStateDescriptor<>("online-anomaly-model", OnlineModelState.class);
        o.enableTimeToLive(ttl);
        onlineState = getRuntimeContext().getState(o);
        peripheral = getRuntimeContext().getState(p);
        foveal = getRuntimeContext().getState(f);
        baseline = getRuntimeContext().getState(b);
        var group = getRuntimeContext().getMetricGroup().addGroup("attention");
        escalated = group.counter("escalated");
        sampled = group.counter("sampled");
        budgetDenied = group.counter("budget_denied");
        fellBack = group.counter("baseline_fallback");
        onlineScored = group.counter("online_scored");
        onlineWarmUp = group.counter("online_warm_up");
        onlineFits = group.counter("online_fits");
        metrics = new HclMetrics(getRuntimeContext().getMetricGroup());
        modelLabels = new HashMap<>();
        if (!attention) {
            LOG.info("analyze: baseline detector alone (attention state kept as restored)");
            return;
        }
        LOG.info(
                "analyze: anomaly model {} ({} services) behind attention",
                model.version(),
                model.detectors().size());
    }

    @Override
    public void processElement(ScorerInput in, Context ctx, Collector<ScoredSnapshot> out) throws Exception {
        TelemetrySnapshot s = in.snapshot();
        if (in.legacyBaseline() != null && baseline.value() == null) {
            baseline.update(in.legacyBaseline());
        }
        double[] x = attention ? analyzer.vector(s) : null;
        if (!attention) {
            out.collect(new ScoredSnapshot(s, baselineScore(s, null)));
            return;
        }
        if (x == null) {
            OnlineModelState os = onlineState.value();
            if (os == null) {
                os = new OnlineModelState();
            }
            long t0 = System.nanoTime();
            OnlineAnomalyModel.Result r = online.observe(os, s);
            int left = online.warmUpLeft(os);
            onlineState.update(os);
            if (r.refitted()) {
                onlineFits.inc();
            }
            if (r.score() != null) {
                metrics.observeSeconds(
                        "hcl_model_scoring_seconds", (System.nanoTime() - t0) / 1e9, "model", "online_knn");
                metrics.set("hcl_anomaly_score", r.score().score(), "service", s.service());
                onlineScored.inc();
                out.collect(new ScoredSnapshot(s, r.score()));
                return;
            }
            onlineWarmUp.inc();
            fellBack.inc();
            out.collect(new ScoredSnapshot(
                    s,
                    baselineScore(
                            s, " (" + OnlineAnomalyModel.DETECTOR + " warming up, " + left + " snapshots left)")));
            return;
        }
        PeripheralState ps = peripheral.value();
        if (ps == null || ps.dimensions() != x.length) {
            ps = analyzer.newPeripheral(s);
        }
        FovealState fs = foveal.value();
        if (fs == null) {
            fs = analyzer.newFoveal(ctx.getCurrentKey());
        }
        long start = System.nanoTime();
        AttentionAnalyzer.Outcome o = analyzer.analyze(s, x, ps, fs);
        metrics.observeSeconds(
                "hcl_model_scoring_seconds", (System.nanoTime() - start) / 1e9, "model", modelLabel(o.score()));
        metrics.set("hcl_anomaly_score", o.score().score(), "service", s.service());
        if (o.escalation().analyzed()) {
            escalated.inc();
            if (o.escalation() == FovealAnalyzer.Escalation.SAMPLED) {
                sampled.inc();
            }
        } else if (o.escalation() == FovealAnalyzer.Escalation.BUDGET_EXHAUSTED) {
            budgetDenied.inc();
        }
        peripheral.update(ps);
        foveal.update(fs);
        out.collect(new ScoredSnapshot(s, o.score()));
    }

    /** Scores with the baseline detector in the key's own statistics; {@code note} (nullable) goes after its name. */
    private AnomalyScore baselineScore(TelemetrySnapshot s, String note) throws Exception {
        RollingStatistics st = baseline.value();
        if (st == null) {
            st = new RollingStatistics();
        }
        long start = System.nanoTime();
        AnomalyScore b = fallback.scoreAndUpdate(s, st);
        AnomalyScore score = note == null
                ? b
                : new AnomalyScore(
                        b.scope(),
                        b.eventTime(),
                        b.detector() + note,
                        b.score(),
                        b.threshold(),
                        b.components(),
                        b.salientMetrics());
        metrics.observeSeconds("hcl_model_scoring_seconds", (System.nanoTime() - start) / 1e9, "model", "baseline");
        metrics.set("hcl_anomaly_score", score.score(), "service", s.service());
        baseline.update(st);
        return score;
    }

    /** {@link #model} through a small cache: the detector names of the artifact's models are few and fixed. */
    private String modelLabel(AnomalyScore score) {
        String d = score.detector();
        if (d == null || d.startsWith(OnlineAnomalyModel.DETECTOR) || d.startsWith(BaselineDetector.NAME)) {
            return model(score);
        }
        String label = modelLabels.get(d);
        if (label == null) {
            label = model(score);
            if (modelLabels.size() < 256) {
                modelLabels.put(d, label);
            }
        }
        return label;
    }

    /** The {@code model} label of a score: its detector's name in snake case (e.g. {@code isolation_forest}). */
    static String model(AnomalyScore score) {
        String d = score.detector() == null ? "unknown" : score.detector();
        if (d.startsWith(OnlineAnomalyModel.DETECTOR)) {
            return "online_knn";
        }
        if (d.startsWith(BaselineDetector.NAME)) {
            return "baseline";
        }
        return d.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }

    @Override
    public void close() throws Exception {
        if (model != null) {
            model.close();
        }
        super.close();
    }
}
