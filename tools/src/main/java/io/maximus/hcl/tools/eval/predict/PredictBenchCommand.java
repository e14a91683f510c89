package io.maximus.hcl.tools.eval.predict;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.models.degradation.DegradationDetector;
import io.maximus.hcl.models.degradation.L2Cost;
import io.maximus.hcl.models.failure.FailureModelArtifact;
import io.maximus.hcl.models.failure.FailureMonitor;
import io.maximus.hcl.models.failure.FailurePredictor;
import io.maximus.hcl.models.failure.FleetFailureModel;
import io.maximus.hcl.models.failure.MetricWindow;
import io.maximus.hcl.models.failure.TrendFeatures;
import io.maximus.hcl.models.forecast.ForecastState;
import io.maximus.hcl.models.forecast.SarimaFitter;
import io.maximus.hcl.models.forecast.SarimaModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hcl eval bench}: a tight single-thread harness (warm-up, then the median of timed rounds) for the per-key,
 * per-point costs of the predictive models; prints one JSON line of microseconds per operation. JMH would add
 * fork isolation; this harness is enough for the order of magnitude and needs no extra build plugin.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Per-point cost of forecast update, forecast path, failure scoring and degradation detection, "
                + "in microseconds; one JSON line.")
public class PredictBenchCommand implements Callable<Integer> {

    @Option(
            names = "--failure-artifact",
            description = "Failure model artifact to score with (default: train a " + "small model on synthetic data).")
    Path artifact;

    @Option(
            names = "--rounds",
            defaultValue = "7",
            description = "Timed rounds (median reported). Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        Random rnd = new Random(1);
        // forecaster fitted on a synthetic 15-minute series (3 weeks)
        int n = 96 * 21;
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = 100 + 30 * Math.sin(2 * Math.PI * t / 96) + 5 * rnd.nextGaussian();
        }
        long fit0 = System.nanoTime();
        SarimaFitter.Fit fit = SarimaFitter.fifteenMinuteDefault().fit(0, y, null);
        out.put("forecast_fit_ms", Math.round((System.nanoTime() - fit0) / 1e6));
        SarimaModel model = fit.model();
        ForecastState st = fit.state();
        long[] step = {n};
        // the job's hourly refit: 28 days, warm-started from the model in use (what DemandForecastOperator runs
        // off-thread)
        int n28 = 96 * 28;
        double[] y28 = new double[n28];
        for (int t = 0; t < n28; t++) {
            y28[t] = 100 + 30 * Math.sin(2 * Math.PI * t / 96) + 5 * rnd.nextGaussian();
        }
        SarimaFitter fitter28 = SarimaFitter.fifteenMinuteDefault();
        SarimaFitter.Fit cold28 = fitter28.fit(0, y28, null);
        long warm0 = System.nanoTime();
        SarimaFitter.Fit warm28 = fitter28.fit(4, Arrays.copyOfRange(y28, 4, n28), cold28.model());
        out.put("forecast_refit_28d_warm_ms", Math.round((System.nanoTime() - warm0) / 1e6));
        out.put("forecast_refit_28d_warm_evaluations", warm28.evaluations());
        out.put("forecast_update_us", time(20000, i -> model.update(st, step[0]++, 100 + rnd.nextGaussian())));
        out.put("forecast_96_steps_us", time(2000, i -> model.forecast(st, 96, 0.9)));
        // failure scoring: window update + trend features + XGBoost probability, 38 metrics as in SMD
        int k = 38;
        String[] names = new String[k];
        for (int i = 0; i < k; i++) {
            names[i] = "m" + (i + 1);
        }
        TrendFeatures tf = new TrendFeatures(names, 10, 60);
        FailurePredictor fp;
        if (artifact != null) {
            fp = FailureModelArtifact.load(artifact, tf.names(), 5);
        } else {
            int rows = 2000;
            float[] x = new float[rows * tf.size()];
            float[] lab = new float[rows];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextGaussian();
            }
            for (int i = 0; i < rows; i++) {
                lab[i] = x[i * tf.size()] > 1 ? 1 : 0;
            }
            fp = new FailurePredictor(
                    FailurePredictor.train(x, lab, rows, tf.size(), FailurePredictor.defaultParams(1), 300),
                    tf.names(),
                    0.5,
                    5);
        }
        double[] centre = new double[k];
        double[] scale = new double[k];
        Arrays.fill(scale, 0.1);
        MetricWindow w = tf.newWindow(centre, scale);
        double[] v = new double[k];
        for (int i = 0; i < 60; i++) {
            w.add(v);
        }
        float[] feats = new float[tf.size()];
        out.put("failure_features_us", time(20000, i -> {
            v[i % k] = rnd.nextDouble();
            w.add(v);
            tf.compute(w, feats, 0);
        }));
        out.put("failure_score_us", time(5000, i -> {
            v[i % k] = rnd.nextDouble();
            w.add(v);
            tf.compute(w, feats, 0);
            try {
                fp.probabilities(feats, 1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        out.put("failure_explain_us", time(500, i -> {
            try {
                fp.drivers(feats);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        // the fleet failure model as the job serves it (bundled artifact, 8 named metrics, one-minute rows): per
        // snapshot at 15 s (three in four only add to the row), per closed row (window, features, compiled trees,
        // alarm),
        // and the path contributions of a raised alarm
        FleetFailureModel fleet = FleetFailureModel.loadBundled();
        FailureMonitor monitor = new FailureMonitor(fleet, FailureMonitor.Config.defaults(fleet));
        FailureMonitor.State fs = monitor.newState();
        String[] fm = fleet.metrics();
        Map<String, Double> snap = new HashMap<>();
        long[] clock = {0};
        IntConsumer feed = i -> {
            for (int m = 0; m < fm.length; m++) {
                snap.put(fm[m], 10 + rnd.nextDouble());
            }
            monitor.onSnapshot(fs, clock[0], snap);
            clock[0] += 15_000;
        };
        for (int i = 0; i < 4 * fleet.warmupRows() + 8; i++) {
            feed.accept(i);
        }
        out.put("failure_fleet_snapshot_us", time(20000, feed));
        out.put("failure_fleet_row_us", time(20000, i -> {
            feed.accept(i);
            feed.accept(i);
            feed.accept(i);
            feed.accept(i);
        }));
        float[] fx = new float[fleet.featureNames().length];
        fleet.features().compute(fs.window, fx, 0);
        out.put("failure_fleet_explain_us", time(20000, i -> fleet.drivers(fx, 3)));
        // degradation detection on a 240-point window (one hour of 15-s samples)
        double[] win = new double[240];
        for (int i = 0; i < win.length; i++) {
            win[i] = 200 * Math.exp(0.08 * rnd.nextGaussian());
        }
        DegradationDetector rbf = new DegradationDetector();
        DegradationDetector l2 = new DegradationDetector(L2Cost::new, 3.0, 8, 0.2);
        out.put("degradation_rbf_240_us", time(300, i -> rbf.detect(win)));
        out.put("degradation_l2_240_us", time(3000, i -> l2.detect(win)));
        out.put("degradation_step45_delay_min", stepDelayMinutes(rbf));
        System.out.println(Json.MAPPER.writeValueAsString(out));
        return 0;
    }

    /**
     * Mean delay (minutes) to detect a +45% step in synthetic p99 latency (15-s samples, daily cycle ±30%, 8% noise,
     * 1% spikes), running the detector once a minute on the last 240 samples; 10 seeds, steps at different phases.
     */
    static double stepDelayMinutes(DegradationDetector det) {
        int perDay = 5760;
        double sum = 0;
        int seeds = 10;
        for (int seed = 1; seed <= seeds; seed++) {
            Random r = new Random(seed);
            int stepAt = perDay * seed / (seeds + 1);
            io.maximus.hcl.models.degradation.LatencyWindow w =
                    new io.maximus.hcl.models.degradation.LatencyWindow(240);
            int delay = -1;
            for (int i = stepAt - 240; i < stepAt + 240 && delay < 0; i++) {
                double cycle = 1 + 0.3 * Math.sin(2 * Math.PI * i / perDay);
                double spike = r.nextDouble() < 0.01 ? 1.5 + r.nextDouble() : 1.0;
                w.add(200 * cycle * Math.exp(0.08 * r.nextGaussian()) * spike * (i >= stepAt ? 1.45 : 1.0));
                if (i >= stepAt && i % 4 == 0 && det.detect(w.toArray()).isPresent()) {
                    delay = i - stepAt;
                }
            }
            sum += delay < 0 ? 60 : delay / 4.0;
        }
        return Math.round(sum / seeds * 100) / 100.0;
    }

    private double time(int ops, IntConsumer op) {
        for (int i = 0; i < ops; i++) {
            op.accept(i); // warm-up
        }
        double[] r = new double[rounds];
        for (int j = 0; j < rounds; j++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < ops; i++) {
                op.accept(i);
            }
            r[j] = (System.nanoTime() - t0) / 1e3 / ops;
        }
        Arrays.sort(r);
        return Math.round(r[rounds / 2] * 100) / 100.0;
    }
}
