package io.maximus.hcl.models.forecast;

import io.maximus.hcl.core.TelemetryParser;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a forecast artifact from a resampled series: a rolling-origin backtest as {@code hcl eval forecast} runs it
 * (refits on a schedule over the last 30%, the filter step in between), then the final fit on the trailing training
 * window, written with its manifest by {@link ForecastArtifact}. Shared by {@code hcl train forecast} and the Flink
 * {@code TrainingJob}; progress goes to the log (one line per stage and per backtest refit).
 */
public final class ForecastTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(ForecastTrainer.class);

    /**
     * Training settings.
     *
     * @param orders SARIMA orders p,d,q,P,D,Q (season = one day)
     * @param stepSeconds resolution (900)
     * @param weeklyHarmonics weekly Fourier harmonics (used when the training window holds two weeks)
     * @param trainDays trailing training window in days
     * @param backtestRefitSteps steps between refits in the backtest (96 = daily)
     * @param testFraction the backtest's targets: this last fraction of the series
     * @param maxEvaluations likelihood evaluations per fit
     * @param backtest whether to backtest at all
     */
    public record Settings(
            int[] orders,
            long stepSeconds,
            int weeklyHarmonics,
            int trainDays,
            int backtestRefitSteps,
            double testFraction,
            int maxEvaluations,
            boolean backtest)
            implements java.io.Serializable {

        /** The defaults of {@code hcl eval forecast}: (1,1,1)(1,1,1,96), 8 weekly harmonics, 28 days, daily refits. */
        public static Settings defaults() {
            return new Settings(new int[] {1, 1, 1, 1, 1, 1}, 900, 8, 28, 96, 0.3, 400, true);
        }

        int daySteps() {
            return (int) (86400 / stepSeconds);
        }

        SarimaOrder order() {
            return new SarimaOrder(orders[0], orders[1], orders[2], orders[3], orders[4], orders[5], daySteps());
        }
    }

    /** What a training produced. */
    public record Result(
            Path artifact, SarimaModel model, String dataSha256, int points, Map<String, Object> backtest) {}

    private ForecastTrainer() {}

    /**
     * Trains on {@code series} and writes the artifact {@code <out>/<name>-<version>/}.
     *
     * @param series the resampled series (NaN = no value in a step)
     * @param settings training settings
     * @param out parent directory of artifacts
     * @param name artifact name
     * @param source where the series came from, for the manifest (file, table, service, metric)
     */
    public static Result train(
            SeriesCsv.Binned series, Settings settings, Path out, String name, Map<String, Object> source)
            throws IOException {
        if (series.stepSeconds() != settings.stepSeconds()) {
            throw new IllegalArgumentException(
                    "series step " + series.stepSeconds() + " s, settings say " + settings.stepSeconds() + " s");
        }
        int day = settings.daySteps();
        double[] values = series.values();
        long observed = Arrays.stream(values).filter(v -> !Double.isNaN(v)).count();
        int trainSteps = settings.trainDays() * day;
        int weekly = Math.min(values.length, trainSteps) >= 14 * day ? settings.weeklyHarmonics() : 0;
        SarimaFitter fitter =
                new SarimaFitter(settings.order(), settings.stepSeconds(), weekly, 0, day, settings.maxEvaluations());
        LOG.info(
                "[1/3] series: {} steps of {} s ({} observed) from {}",
                values.length,
                settings.stepSeconds(),
                observed,
                Instant.ofEpochSecond(series.firstBin() * settings.stepSeconds()));
        Map<String, Object> backtest = new LinkedHashMap<>();
        if (settings.backtest()) {
            int[] horizons = {(int) (3600 / settings.stepSeconds()), (int) (6 * 3600 / settings.stepSeconds()), day};
            int testSteps = (int) Math.ceil(values.length * settings.testFraction());
            LOG.info(
                    "[2/3] backtest: rolling origin over the last {} steps, a refit every {} steps (about {} refits)",
                    testSteps,
                    settings.backtestRefitSteps(),
                    (testSteps + day) / settings.backtestRefitSteps() + 1);
            long t0 = System.nanoTime();
            ForecastBacktest.Result r = new ForecastBacktest(
                            fitter, horizons, settings.backtestRefitSteps(), trainSteps, settings.testFraction())
                    .run(series.firstBin(), values, day);
            String[] names = {"1h", "6h", "24h"};
            backtest.put("points", r.points());
            for (int i = 0; i < 3; i++) {
                backtest.put("r2_" + names[i], round(r.r2().get(horizons[i])));
            }
            for (int i = 0; i < 3; i++) {
                backtest.put("mase_" + names[i], round(r.mase().get(horizons[i])));
            }
            for (int i = 0; i < 3; i++) {
                backtest.put("coverage90_" + names[i], round(r.coverage().get(horizons[i])));
            }
            backtest.put("refits", r.refits());
            backtest.put("fit_ms_mean", Math.round(r.fitMillisMean()));
            backtest.put("seconds", Math.round((System.nanoTime() - t0) / 1e9));
            LOG.info("[2/3] backtest done: {}", backtest);
        } else {
            LOG.info("[2/3] backtest skipped");
        }
        int from = Math.max(0, values.length - trainSteps);
        double[] train = Arrays.copyOfRange(Imputation.impute(values, day), from, values.length);
        LOG.info("[3/3] final fit on the last {} steps", train.length);
        long t0 = System.nanoTime();
        SarimaFitter.Fit fit = fitter.fit(series.firstBin() + from, train, null);
        long fitMs = (System.nanoTime() - t0) / 1_000_000;
        String hash = ForecastArtifact.seriesSha256(series.firstBin() + from, settings.stepSeconds(), train);
        Map<String, Object> training = new LinkedHashMap<>(source);
        training.put("points", train.length);
        training.put(
                "first",
                Instant.ofEpochSecond((series.firstBin() + from) * settings.stepSeconds())
                        .toString());
        training.put(
                "last",
                Instant.ofEpochSecond((series.firstBin() + values.length) * settings.stepSeconds())
                        .toString());
        training.put("fit_ms", fitMs);
        training.put("evaluations", fit.evaluations());
        Map<String, Object> params = new TreeMap<>();
        params.put("orders", settings.orders());
        params.put("step_seconds", settings.stepSeconds());
        params.put("weekly_harmonics", weekly);
        params.put("train_days", settings.trainDays());
        params.put("backtest_refit_steps", settings.backtestRefitSteps());
        params.put("test_fraction", settings.testFraction());
        params.put("max_evaluations", settings.maxEvaluations());
        Path dir = ForecastArtifact.write(out, name, fit.model(), hash, training, params, backtest);
        LOG.info("artifact written to {} (fit {} ms, {} evaluations)", dir, fitMs, fit.evaluations());
        return new Result(dir, fit.model(), hash, train.length, backtest);
    }

    /**
     * Reads a telemetry file (JSON lines in the {@code system.telemetry.raw} contract) into a resampled series: the
     * mean of {@code metric} over all snapshots (all hosts) of {@code service} (null: every service) in each step.
     * Lines that do not parse are counted and skipped.
     */
    public static SeriesCsv.Binned readTelemetry(Path file, String service, String metric, long stepSeconds)
            throws IOException {
        Map<Long, double[]> bins = new TreeMap<>();
        long bad = 0;
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                TelemetryParser.Result p = TelemetryParser.parse(line);
                if (!p.ok()) {
                    bad++;
                    continue;
                }
                TelemetrySnapshot s = p.snapshot();
                Double v = s.metrics().get(metric);
                if (v == null || (service != null && !service.equals(s.service()))) {
                    continue;
                }
                double[] acc =
                        bins.computeIfAbsent(Math.floorDiv(s.timestamp() / 1000, stepSeconds), k -> new double[2]);
                acc[0] += v;
                acc[1]++;
            }
        }
        if (bad > 0) {
            LOG.warn("{}: {} lines skipped (not valid telemetry)", file, bad);
        }
        return binned(bins, stepSeconds, file + (service == null ? "" : " service " + service) + " metric " + metric);
    }

    /** A series from per-step sums and counts (step → {sum, count}); NaN where a step has none. */
    public static SeriesCsv.Binned binned(Map<Long, double[]> bins, long stepSeconds, String what) {
        if (bins.isEmpty()) {
            throw new IllegalArgumentException("no values of " + what);
        }
        TreeMap<Long, double[]> sorted = new TreeMap<>(bins);
        long first = sorted.firstKey();
        int n = (int) (sorted.lastKey() - first + 1);
        double[] values = new double[n];
        Arrays.fill(values, Double.NaN);
        sorted.forEach((k, acc) -> values[(int) (k - first)] = acc[0] / acc[1]);
        return new SeriesCsv.Binned(first, stepSeconds, values);
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    /** Parses SARIMA orders written {@code p,d,q,P,D,Q} (the training options' {@code --order}). */
    public static int[] parseOrders(String s) {
        String[] o = s.split(",");
        if (o.length != 6) {
            throw new IllegalArgumentException("--order needs p,d,q,P,D,Q (6 numbers), got: " + s);
        }
        int[] r = new int[6];
        for (int i = 0; i < 6; i++) {
            r[i] = Integer.parseInt(o[i].trim());
        }
        return r;
    }
}
