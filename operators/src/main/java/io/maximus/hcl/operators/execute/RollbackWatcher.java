package io.maximus.hcl.operators.execute;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.ServiceWindow;
import io.maximus.hcl.operators.metrics.HclMetrics;
import io.maximus.hcl.operators.types.HclTypes;
import io.maximus.hcl.sinks.execute.DecisionOutcome;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import io.maximus.hcl.sinks.execute.RevertRequest;
import io.maximus.hcl.sinks.execute.RollbackWatch;
import io.maximus.hcl.sinks.safety.RollbackJudge;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rollback watcher, keyed by service: remembers each executed action and the service's recent windows, and
 * {@code rollbackDelay} of event time after the action compares the key metrics before it (the decision's
 * state_before) with the mean of the windows that started at or after it and ended by then, with the
 * {@link RollbackJudge}; worse by more than the threshold emits a {@link RevertRequest}. When no window after the
 * action has arrived, it looks again one delay later (three times at most). State is kept as JSON strings so it
 * survives changes of the records (savepoints).
 *
 * <p>The event-time clock is the service's own: the end of its latest window. The watches arrive without watermarks
 * (the execute stage strips them before the async actuators, so a slow action never holds back the results of
 * others), so the operator's event-time timer fires only at the end of a bounded input; the windows' arrival is what
 * moves the clock and fires the due checks, which is the same moment a watermark-driven timer would fire.
 */
public class RollbackWatcher extends KeyedCoProcessFunction<String, RollbackWatch, ServiceWindow, RevertRequest> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RollbackWatcher.class);
    private static final int MAX_ATTEMPTS = 3;

    /** Every verdict (kept or reverted) as the decision's outcome, for the knowledge base. */
    public static final OutputTag<DecisionOutcome> OUTCOMES =
            new OutputTag<>("decision-outcomes", HclTypes.of(DecisionOutcome.class));

    /**
     * One window's means as kept in state.
     *
     * @param end window end, epoch milliseconds (exclusive)
     * @param mean per-metric means
     */
    public record WindowMeans(long end, Map<String, Double> mean) {}

    private final ExecuteConfig config;
    private final Clock wallClock;
    private transient RollbackJudge judge;
    private transient MapState<String, String> pending;
    private transient MapState<Long, String> windows;
    private transient ValueState<Long> clock;
    private transient HclMetrics metrics;

    /** A watcher with the given configuration on the system clock. */
    public RollbackWatcher(ExecuteConfig config) {
        this(config, Clock.systemUTC());
    }

    /** A watcher with the given configuration whose verdicts are stamped by {@code clock} (processing time). */
    public RollbackWatcher(ExecuteConfig config, Clock clock) {
        this.config = config;
        this.wallClock = clock;
    }

    @Override
    public void open(OpenContext ctx) {
        judge = config.rollbackJudge();
        pending = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>("rollback-pending", Types.STRING, Types.STRING));
        windows =
                getRuntimeContext().getMapState(new MapStateDescriptor<>("rollback-windows", Types.LONG, Types.STRING));
        clock = getRuntimeContext().getState(new ValueStateDescriptor<>("rollback-clock", Types.LONG));
        metrics = new HclMetrics(getRuntimeContext().getMetricGroup());
        metrics.counter("hcl_rollbacks_total", "verdict", "kept");
        metrics.counter("hcl_rollbacks_total", "verdict", "reverted");
    }

    @Override
    public void processElement1(RollbackWatch w, Context ctx, Collector<RevertRequest> out) throws Exception {
        pending.put(w.idempotencyKey(), Json.write(w));
        ctx.timerService()
                .registerEventTimeTimer(w.actionTime() + config.rollbackDelay().toMillis());
        Long now = clock.value();
        if (now != null) { // the windows after it may have come first (the action took a while)
            judgeDue(now, ctx.getCurrentKey(), ctx.timerService(), out, ctx::output);
        }
    }

    @Override
    public void processElement2(ServiceWindow win, Context ctx, Collector<RevertRequest> out) throws Exception {
        windows.put(win.windowStart(), Json.write(new WindowMeans(win.windowEnd(), win.mean())));
        long now = Math.max(clock.value() == null ? Long.MIN_VALUE : clock.value(), win.windowEnd() - 1);
        clock.update(now);
        // Keep only what a pending or future watch can still need: windows younger than a few delays and an hour.
        long horizon = now - (MAX_ATTEMPTS + 2) * config.rollbackDelay().toMillis() - 3_600_000L;
        List<Long> old = new ArrayList<>();
        for (Long start : windows.keys()) {
            if (start < horizon) {
                old.add(start);
            }
        }
        for (Long s : old) {
            windows.remove(s);
        }
        judgeDue(now, ctx.getCurrentKey(), ctx.timerService(), out, ctx::output);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<RevertRequest> out) throws Exception {
        judgeDue(ts, ctx.getCurrentKey(), ctx.timerService(), out, ctx::output);
    }

    /** Where side outputs go (the contexts of the three callbacks have no common type). */
    @FunctionalInterface
    private interface SideOutput {
        <X> void output(OutputTag<X> tag, X value);
    }

    /** Judges every pending watch due at event time {@code now}. */
    private void judgeDue(
            long now, String service, TimerService timerService, Collector<RevertRequest> out, SideOutput side)
            throws Exception {
        List<String> done = new ArrayList<>();
        Map<String, String> updated = new HashMap<>();
        for (Map.Entry<String, String> e : pending.entries()) {
            RollbackWatch w = Json.read(e.getValue(), RollbackWatch.class);
            long due =
                    w.actionTime() + (w.attempts() + 1) * config.rollbackDelay().toMillis();
            if (due > now) {
                continue;
            }
            Map<String, Double> after = after(w.actionTime(), due, true);
            if (after.isEmpty()) {
                if (w.attempts() + 1 < MAX_ATTEMPTS) {
                    updated.put(e.getKey(), Json.write(w.retried()));
                } else {
                    LOG.info("no telemetry of {} after action {}: not judged", service, w.idempotencyKey());
                    done.add(e.getKey());
                }
                continue;
            }
            done.add(e.getKey());
            Map<String, Double> before = keyMetrics(w.stateBefore());
            RollbackJudge.Judgement j = judge.judge(before, after);
            if (!j.changes().isEmpty()) {
                side.output(
                        OUTCOMES,
                        new DecisionOutcome(
                                w.decisionId(),
                                w.decisionTime() > 0 ? w.decisionTime() : w.actionTime(),
                                w.idempotencyKey(),
                                w.scope(),
                                DecisionOutcome.outcome(j, j.rollback()),
                                after(w.actionTime(), due, false),
                                DecisionOutcome.reward(j, j.rollback()),
                                j.rollback(),
                                DecisionOutcome.improvements(j),
                                wallClock.millis()));
            }
            if (j.rollback()) {
                String reason = String.format(
                        Locale.ROOT,
                        "rolled back: %s worse by %.0f%% (%.4g -> %.4g) %d s after " + "the action (threshold %.0f%%)",
                        j.worstMetric(),
                        100 * j.worstChange(),
                        before.get(j.worstMetric()),
                        after.get(j.worstMetric()),
                        config.rollbackDelay().toSeconds(),
                        100 * config.rollbackThreshold());
                LOG.info("action {} on {} hurt: {}", w.idempotencyKey(), service, reason);
                out.collect(new RevertRequest(w, reason, after, wallClock.millis()));
                metrics.inc("hcl_rollbacks_total", "verdict", "reverted");
            } else {
                metrics.inc("hcl_rollbacks_total", "verdict", "kept");
                LOG.debug(
                        "action {} kept: worst change {} of {}", w.idempotencyKey(), j.worstChange(), j.worstMetric());
            }
        }
        for (String k : done) {
            pending.remove(k);
        }
        for (Map.Entry<String, String> e : updated.entrySet()) {
            pending.put(e.getKey(), e.getValue());
        }
        if (!updated.isEmpty()) { // a retry due later than any window may come: the timer covers a bounded input's end
            for (String v : updated.values()) {
                RollbackWatch w = Json.read(v, RollbackWatch.class);
                timerService.registerEventTimeTimer(w.actionTime()
                        + (w.attempts() + 1) * config.rollbackDelay().toMillis());
            }
        }
    }

    /**
     * Mean of the key metrics ({@code keyOnly}) or of all metrics over the windows that started at or after the
     * action and ended by {@code ts}.
     */
    private Map<String, Double> after(long actionTime, long ts, boolean keyOnly) throws Exception {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (Map.Entry<Long, String> e : windows.entries()) {
            WindowMeans m = Json.read(e.getValue(), WindowMeans.class);
            if (e.getKey() >= actionTime && m.end() <= ts + 1) {
                (keyOnly ? keyMetrics(m.mean()) : m.mean()).forEach((k, v) -> {
                    if (v == null || v.isNaN()) {
                        return;
                    }
                    double[] s = sums.computeIfAbsent(k, x -> new double[2]);
                    s[0] += v;
                    s[1]++;
                });
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((k, s) -> out.put(k, s[0] / s[1]));
        return out;
    }

    private Map<String, Double> keyMetrics(Map<String, Double> all) {
        if (config.rollbackMetrics().isEmpty()) {
            return all;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (String k : config.rollbackMetrics()) {
            Double v = all.get(k);
            if (v != null && !v.isNaN()) {
                out.put(k, v);
            }
        }
        return out;
    }
}
