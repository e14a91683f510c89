package io.maximus.hcl.operators.analyze;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.FailureRisk;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.models.failure.FailureAlarms;
import io.maximus.hcl.models.failure.FailureEvidence;
import io.maximus.hcl.models.failure.FailureMonitor;
import io.maximus.hcl.models.failure.exhaustion.ExhaustionCeilings;
import io.maximus.hcl.models.failure.exhaustion.ExhaustionPredictor;
import io.maximus.hcl.models.failure.exhaustion.ExhaustionSettings;
import io.maximus.hcl.models.failure.exhaustion.ExhaustionState;
import io.maximus.hcl.models.failure.exhaustion.ExhaustionWarning;
import io.maximus.hcl.models.failure.exhaustion.Observation;
import io.maximus.hcl.operators.metrics.HclMetrics;
import io.maximus.hcl.operators.types.HclTypes;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by service and host: the failure predictor. Keeps the host's resampled rows (one a minute) and its alarm in
 * Flink state and scores each closed row with the fleet failure model (pure-Java trees, no natives); beside it, every
 * metric with a known ceiling is followed by the exhaustion predictor (per metric in map state, no training). Emits a
 * {@link FailureRisk} saying which evidence holds for every row or judged minute in alarm and for the one that clears
 * it; a raised alarm also becomes a {@code failure-predicted} notify plan on the {@link #PLANS} side output, and an
 * exhaustion warning on one of the configured restart metrics a {@code restart} of that one instance.
 */
public class FailureWatch extends KeyedProcessFunction<String, TelemetrySnapshot, FailureRisk> {

    private static final long serialVersionUID = 1L;

    private static final long MINUTE_MS = 60_000L;

    /** Plans for raised alarms. */
    public static final OutputTag<ActionPlan> PLANS = new OutputTag<>("failure-plans", HclTypes.of(ActionPlan.class));

    /**
     * The exhaustion predictor's configuration.
     *
     * @param ceilings which metrics have a ceiling and what it is
     * @param settings how the trend is judged
     * @param pointMs the length of one point of the trend, ms (one minute but in the lab)
     * @param restartMetrics a raised warning on one of these metrics also plans a restart of that one instance
     *                       (rule {@value FailureAlarms#RESTART_RULE}); empty: never
     */
    public record Exhaustion(
            ExhaustionCeilings ceilings, ExhaustionSettings settings, long pointMs, List<String> restartMetrics)
            implements Serializable {

        /** Validates and copies. */
        public Exhaustion {
            restartMetrics = List.copyOf(restartMetrics);
        }

        /** One-minute points, no restarts. */
        public Exhaustion(ExhaustionCeilings ceilings, ExhaustionSettings settings) {
            this(ceilings, settings, MINUTE_MS, List.of());
        }

        /** The default ceilings and settings. */
        public static Exhaustion defaults() {
            return new Exhaustion(ExhaustionCeilings.defaults(), ExhaustionSettings.defaults());
        }
    }

    private final FailureMonitor monitor;
    private final Exhaustion exhaustion;
    private final Duration stateTtl;
    private transient ValueState<FailureMonitor.State> state;
    private transient MapState<String, ExhaustionState> exhaustionStates;
    private transient ExhaustionPredictor predictor;
    private transient HclMetrics metrics;

    /** A watch serving {@code monitor}'s model alone; a host's state expires after {@code stateTtl} without telemetry. */
    public FailureWatch(FailureMonitor monitor, Duration stateTtl) {
        this(monitor, null, stateTtl);
    }

    /**
     * A watch serving {@code monitor}'s model (null: off) and the exhaustion predictor (null: off); a host's state
     * expires after {@code stateTtl} without telemetry.
     */
    public FailureWatch(FailureMonitor monitor, Exhaustion exhaustion, Duration stateTtl) {
        if (monitor == null && exhaustion == null) {
            throw new IllegalArgumentException("a failure watch needs the failure model or the exhaustion predictor");
        }
        this.monitor = monitor;
        this.exhaustion = exhaustion;
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext ctx) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(stateTtl).build();
        ValueStateDescriptor<FailureMonitor.State> d =
                new ValueStateDescriptor<>("failure-window", FailureMonitor.State.class);
        d.enableTimeToLive(ttl);
        state = getRuntimeContext().getState(d);
        MapStateDescriptor<String, ExhaustionState> e =
                new MapStateDescriptor<>("exhaustion-states", Types.STRING, TypeInformation.of(ExhaustionState.class));
        e.enableTimeToLive(ttl);
        exhaustionStates = getRuntimeContext().getMapState(e);
        predictor = exhaustion == null ? null : new ExhaustionPredictor(exhaustion.settings(), exhaustion.pointMs());
        metrics = new HclMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(TelemetrySnapshot s, Context ctx, Collector<FailureRisk> out) throws Exception {
        FailureMonitor.Scored scored = null;
        boolean modelBefore = false;
        boolean modelAfter = false;
        if (monitor != null) {
            FailureMonitor.State st = state.value();
            if (st == null) {
                st = monitor.newState();
            }
            modelBefore = st.alarmed;
            long start = System.nanoTime();
            scored = monitor.onSnapshot(st, s.timestamp(), s.metrics());
            state.update(st);
            if (scored != null) {
                metrics.observeSeconds(
                        "hcl_model_scoring_seconds", (System.nanoTime() - start) / 1e9, "model", "failure");
                metrics.set("hcl_failure_probability", scored.probability(), "host", s.host());
            }
            modelAfter = st.alarmed;
        }
        List<ExhaustionWarning> warnings = List.of();
        boolean exhaustionBefore = false;
        boolean exhaustionAfter = false;
        if (predictor != null) {
            long minute = Math.floorDiv(s.timestamp(), exhaustion.pointMs());
            exhaustionBefore = anyWarning(minute);
            warnings = new ArrayList<>();
            String key = ctx.getCurrentKey();
            for (Observation o : exhaustion.ceilings().resolve(s.metrics())) {
                ExhaustionState es = exhaustionStates.get(o.metric());
                if (es == null) {
                    es = predictor.newState();
                }
                ExhaustionWarning w = predictor.update(es, key, o.metric(), s.timestamp(), o.value(), o.ceiling());
                exhaustionStates.put(o.metric(), es);
                if (w != null) {
                    warnings.add(w);
                }
            }
            exhaustionAfter = anyWarning(minute);
        }
        FailureRisk risk = FailureEvidence.event(new FailureEvidence.Step(
                s.scope(),
                s.timestamp(),
                monitor,
                scored,
                modelBefore,
                modelAfter,
                warnings,
                exhaustionBefore,
                exhaustionAfter,
                s.metrics()));
        if (risk == null) {
            return;
        }
        out.collect(risk);
        if (risk.transition().equals("raised")) {
            long now = ctx.timerService().currentProcessingTime();
            ctx.output(PLANS, FailureAlarms.plan(risk).arrived(now));
            if (exhaustion != null) {
                FailureAlarms.restart(risk, exhaustion.restartMetrics())
                        .ifPresent(p -> ctx.output(PLANS, p.arrived(now)));
            }
        }
    }

    /**
     * Whether an exhaustion warning holds for a metric still reported: a metric whose newest point is older than the
     * clearing delay no longer counts (its warning could never be judged again).
     */
    private boolean anyWarning(long minute) throws Exception {
        for (ExhaustionState es : exhaustionStates.values()) {
            if (es.isWarning()
                    && es.getNewestMinute() >= minute - exhaustion.settings().clearAfter()) {
                return true;
            }
        }
        return false;
    }
}
