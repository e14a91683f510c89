package io.maximus.hcl.operators.analyze;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.DemandForecast;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.core.ServiceWindow;
import io.maximus.hcl.models.forecast.DemandForecaster;
import io.maximus.hcl.models.forecast.ForecastPeakRule;
import io.maximus.hcl.models.forecast.SarimaFitter;
import io.maximus.hcl.models.forecast.SarimaModel;
import io.maximus.hcl.models.forecast.select.ForecastSelector;
import io.maximus.hcl.models.forecast.select.SeriesView;
import io.maximus.hcl.operators.metrics.HclMetrics;
import io.maximus.hcl.operators.types.HclTypes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by service: the demand forecaster in the job. Each service window's mean of the demand metric goes into the
 * service's 15-minute point (event time; a point closes on an event-time timer at its end); each closed point is
 * filtered into the per-key SARIMA state (microseconds) and yields a {@link DemandForecast} (1 h, 6 h, 24 h with
 * intervals) and, through {@link ForecastPeakRule}, a {@code forecast-peak} scale-up plan on the {@link #PLANS} side
 * output when a peak above the CPU threshold is predicted within the hour.
 *
 * <p><b>Refits never stall the stream.</b> A due refit (hourly by default) is handed to a small thread pool owned
 * by this operator instance, on a copy of the key's points; the model in use keeps filtering and forecasting. The
 * finished fit is installed at the key's next closed point (its state caught up on the points since), which in a
 * live job is 15 minutes of wall time later, far more than a fit takes (about 1-10 s). Only when the input runs
 * faster than wall time (a replay, a catch-up) can the fit still be running then; the operator then waits for it
 * (at most {@code fitTimeout}), which keeps a replay deterministic: the same input gives the same forecasts. A fit
 * in flight is not checkpointed: after a restore the refit is simply due again.
 */
public class DemandForecastOperator extends KeyedProcessFunction<String, ServiceWindow, DemandForecast> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DemandForecastOperator.class);

    /** Side output of the forecast-peak plans. */
    public static final OutputTag<ActionPlan> PLANS = new OutputTag<>("forecast-plans", HclTypes.of(ActionPlan.class));

    private final DemandForecaster forecaster;
    private final ForecastPeakRule peakRule;
    private final Map<String, SarimaModel> initial;
    private final int fitThreads;
    private final Duration fitTimeout;
    private final Duration stateTtl;

    private final ForecastSelector selector;

    private transient ValueState<DemandForecaster.State> state;
    private transient ValueState<ForecastSelector.State> selection;
    private transient ExecutorService fits;
    private transient Map<String, Future<SarimaFitter.Fit>> pending;
    private transient Counter refits;
    private transient Counter forecasts;
    private transient HclMetrics metrics;

    /**
     * An operator.
     *
     * @param forecaster the forecaster (configuration)
     * @param peakRule the scale-ahead rule
     * @param initial trained models (artifacts) services start from before their own first fit, by service, with
     *     {@code "*"} for every other service; empty for none
     * @param fitThreads threads fitting models, per parallel instance
     * @param fitTimeout the longest the stream waits at a point for a fit still running
     * @param stateTtl a service's state is dropped after this long without a window
     */
    public DemandForecastOperator(
            DemandForecaster forecaster,
            ForecastPeakRule peakRule,
            Map<String, SarimaModel> initial,
            int fitThreads,
            Duration fitTimeout,
            Duration stateTtl) {
        this(forecaster, peakRule, initial, fitThreads, fitTimeout, stateTtl, null);
    }

    /**
     * An operator whose forecasts come, per horizon, from the forecaster {@code selector} chooses by rolling-origin
     * backtest on each service's own history (null: SARIMA's alone).
     */
    public DemandForecastOperator(
            DemandForecaster forecaster,
            ForecastPeakRule peakRule,
            Map<String, SarimaModel> initial,
            int fitThreads,
            Duration fitTimeout,
            Duration stateTtl,
            ForecastSelector selector) {
        this.selector = selector;
        if (fitThreads < 1) {
            throw new IllegalArgumentException("fit threads must be at least 1");
        }
        this.forecaster = forecaster;
        this.peakRule = peakRule;
        this.initial = new HashMap<>(initial);
        this.fitThreads = fitThreads;
        this.fitTimeout = fitTimeout;
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext ctx) {
        ValueStateDescriptor<DemandForecaster.State> d =
                new ValueStateDescriptor<>("demand-forecast", DemandForecaster.State.class);
        d.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
        state = getRuntimeContext().getState(d);
        ValueStateDescriptor<ForecastSelector.State> sd =
                new ValueStateDescriptor<>("forecast-selection", ForecastSelector.State.class);
        sd.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
        selection = getRuntimeContext().getState(sd);
        AtomicInteger n = new AtomicInteger();
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        fits = Executors.newFixedThreadPool(fitThreads, r -> {
            Thread t = new Thread(r, "hcl-forecast-fit-" + subtask + "-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        pending = new HashMap<>();
        refits = getRuntimeContext().getMetricGroup().counter("forecastRefits");
        forecasts = getRuntimeContext().getMetricGroup().counter("forecasts");
        metrics = new HclMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void close() throws Exception {
        if (fits != null) {
            fits.shutdownNow();
        }
        super.close();
    }

    @Override
    public void processElement(ServiceWindow w, Context ctx, Collector<DemandForecast> out) throws Exception {
        double v = w.meanOf(forecaster.config().metric());
        if (Double.isNaN(v)) {
            return;
        }
        DemandForecaster.State s = state.value();
        if (s == null) {
            s = new DemandForecaster.State();
        }
        s.mode = w.mode() == null ? null : w.mode().name();
        if (forecaster.add(s, w.windowStart(), v)) {
            onPoint(s, ctx.getCurrentKey(), ctx, out);
        }
        if (s.binStep != Long.MIN_VALUE) {
            ctx.timerService().registerEventTimeTimer(forecaster.endOf(s.binStep) - 1);
        }
        state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DemandForecast> out) throws Exception {
        DemandForecaster.State s = state.value();
        if (s == null || s.binStep == Long.MIN_VALUE || forecaster.endOf(s.binStep) - 1 > timestamp) {
            return;
        }
        if (forecaster.close(s)) {
            onPoint(s, ctx.getCurrentKey(), ctx, out);
        }
        state.update(s);
    }

    private void report(String service, DemandForecast f) {
        if (!"cpu_usage".equals(f.metric())) {
            return;
        }
        metrics.set("hcl_observed_cpu", f.lastValue(), "service", service);
        for (DemandForecast.Point p : f.horizons()) {
            if (p.minutesAhead() % 60 == 0) {
                metrics.set("hcl_forecast_cpu", p.mean(), "service", service, "horizon", p.minutesAhead() / 60 + "h");
            }
        }
    }

    /**
     * Feeds the newest closed point to the selector (scoring earlier forecasts, refitting the cheap candidates when
     * due) and returns the forecast with each horizon from its chosen forecaster.
     */
    private Optional<DemandForecast> select(DemandForecaster.State s, Optional<DemandForecast> f) throws Exception {
        ForecastSelector.State sel = selection.value();
        if (sel == null) {
            sel = new ForecastSelector.State();
        }
        long step = s.lastStep;
        if (step == Long.MIN_VALUE || (sel.lastStep != Long.MIN_VALUE && step <= sel.lastStep)) {
            return f;
        }
        SeriesView view = at -> forecaster.valueAt(s, at);
        long first = s.lastStep - s.count + 1;
        if (sel.lastStep == Long.MIN_VALUE && s.count > 1) {
            selector.warmUp(sel, view, first, step - 1);
        }
        int[] horizons = selector.config().horizons();
        double[] sarima = null;
        if (f.isPresent()) {
            sarima = new double[horizons.length];
            java.util.Arrays.fill(sarima, Double.NaN);
            for (DemandForecast.Point p : f.get().horizons()) {
                for (int i = 0; i < horizons.length; i++) {
                    if (horizons[i] * forecaster.config().stepSeconds() == p.minutesAhead() * 60) {
                        sarima[i] = p.mean();
                    }
                }
            }
        }
        ForecastSelector.Choice[] choices = selector.step(sel, view, step, forecaster.valueAt(s, step), sarima);
        if (selector.refitDue(sel, step, first, forecaster.config().refitSteps())) {
            selector.refit(sel, view, Math.max(first, step - forecaster.config().trainSteps() + 1), step);
        }
        selection.update(sel);
        return f.map(x -> selector.apply(x, choices, forecaster.config().stepSeconds()));
    }

    private void onPoint(DemandForecaster.State s, String service, Context ctx, Collector<DemandForecast> out)
            throws Exception {
        Future<SarimaFitter.Fit> running = pending.get(service);
        if (running != null) {
            try {
                SarimaFitter.Fit fit = running.get(fitTimeout.toMillis(), TimeUnit.MILLISECONDS);
                pending.remove(service);
                forecaster.install(s, fit);
                refits.inc();
                LOG.info(
                        "forecast model of {} refitted on points up to {} ({} evaluations; refit {})",
                        service,
                        java.time.Instant.ofEpochMilli(forecaster.endOf(s.fittedStep)),
                        fit.evaluations(),
                        s.refits);
            } catch (TimeoutException e) {
                LOG.warn("forecast fit of {} still running after {}; keeping the model in use", service, fitTimeout);
            } catch (ExecutionException e) {
                pending.remove(service);
                LOG.warn(
                        "forecast fit of {} failed; keeping the model in use: {}",
                        service,
                        e.getCause().toString());
            }
        }
        SarimaModel trained = initial.getOrDefault(service, initial.get("*"));
        if (s.model == null && trained != null && forecaster.startFrom(s, trained)) {
            LOG.info("forecast of {} started from a trained artifact", service);
        }
        if (!pending.containsKey(service) && forecaster.refitDue(s)) {
            DemandForecaster.Training t = forecaster.training(s);
            SarimaModel warm = s.model;
            pending.put(service, fits.submit(() -> forecaster.fit(t, warm)));
        }
        long start = System.nanoTime();
        Optional<DemandForecast> f = forecaster.forecast(s, Scope.service(service));
        if (selector != null) {
            f = select(s, f);
        }
        if (f.isEmpty()) {
            return;
        }
        metrics.observeSeconds("hcl_model_scoring_seconds", (System.nanoTime() - start) / 1e9, "model", "forecast");
        report(service, f.get());
        forecasts.inc();
        out.collect(f.get());
        Map<String, Double> before = new java.util.TreeMap<>();
        String metric = forecaster.config().metric();
        before.put(metric, f.get().lastValue());
        before.put(metric + "_forecast_peak", f.get().peak().mean());
        if (peakRule.episodeOver(f.get(), s.lastPlannedPeak)) {
            s.lastPlannedPeak = 0;
        }
        OperationalMode mode = s.mode == null ? null : OperationalMode.valueOf(s.mode);
        Optional<ActionPlan> plan = peakRule.onForecast(f.get(), s.lastPlannedPeak, mode, before);
        if (plan.isPresent()) {
            s.lastPlannedPeak = f.get().peak().at();
            ctx.output(PLANS, plan.get().arrived(ctx.timerService().currentProcessingTime()));
        }
    }
}
