package io.maximus.hcl.models.plan.sim.policy;

import io.maximus.hcl.core.OperationalMode;

/**
 * HCL's default plan policy: the calibrated HPA's reactive rule, plus pre-scaling from the demand forecast only while
 * the forecast's own backtest says it is good ({@link ForecastPrescaler}); replicas = max(HPA, pre-scaled), and a
 * pre-scaled peak is released through the same scale-down stabilization as the HPA's. The fuzzy mode (with its
 * hysteresis) is decided every step and applied as the mode's non-capacity settings ({@code set_mode}: cache size,
 * pool size, log level, background work); it does not move the replica count or the CPU limit, so without a forecast
 * (or with a poor one) HCL scales exactly as its HPA does.
 */
public final class HclPolicy implements ScalingPolicy {

    private final HpaPolicy reactive;
    private final ForecastPrescaler prescaler;
    private final FuzzyModeController controller;
    private final FuzzyInputs inputs;

    /** The HPA {@code reactive}, the optional {@code prescaler} (null: none) and the fuzzy controller. */
    public HclPolicy(
            HpaPolicy reactive, ForecastPrescaler prescaler, FuzzyModeController controller, FuzzyInputs inputs) {
        this.reactive = reactive;
        this.prescaler = prescaler;
        this.controller = controller;
        this.inputs = inputs;
    }

    @Override
    public String name() {
        return "hcl";
    }

    @Override
    public Action decide(Observation o) {
        double[] in = inputs.of(o);
        OperationalMode mode = controller.decide(o.timeSeconds(), in[0], in[1], in[2]);
        int h = reactive.replicas(o, reactive.targetUtilization());
        int p = prescaler == null ? 0 : prescaler.replicas(o);
        return new Action(Math.max(h, p), 1.0, mode);
    }

    @Override
    public void reset() {
        reactive.reset();
        if (prescaler != null) {
            prescaler.reset();
        }
        controller.reset();
    }
}
