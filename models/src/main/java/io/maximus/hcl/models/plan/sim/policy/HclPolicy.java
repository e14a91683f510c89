package io.maximus.hcl.models.plan.sim.policy;

import io.maximus.hcl.core.OperationalMode;

/**
 * HCL's default plan policy: the predictive scaler with its headroom set by the fuzzy mode, floored by a reactive
 * HPA (which catches what the forecast misses), replicas = max(predictive, HPA floor); the CPU limit follows the mode.
 * The floor's target is usually higher than a stand-alone HPA's, since the forecast already carries the headroom.
 */
public final class HclPolicy implements ScalingPolicy {

    private final PredictivePolicy predictive;
    private final HpaPolicy floor;
    private final FuzzyModeController controller;
    private final FuzzyInputs inputs;

    /** The combination of a predictive scaler, an HPA floor and the fuzzy controller. */
    public HclPolicy(PredictivePolicy predictive, HpaPolicy floor, FuzzyModeController controller, FuzzyInputs inputs) {
        this.predictive = predictive;
        this.floor = floor;
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
        ModeProfile profile = ModeProfile.of(mode);
        int p = predictive.replicas(o, profile.target(predictive.targetUtilization()));
        int h = floor.replicas(o, floor.targetUtilization());
        int replicas = Math.max(p, h);
        double demand = Double.isNaN(o.forecast()) ? o.demand() : Math.max(o.demand(), o.forecast());
        return new Action(replicas, profile.cpuLimitFor(demand, replicas, inputs.capacityPerReplica()), mode);
    }

    @Override
    public void reset() {
        predictive.reset();
        floor.reset();
        controller.reset();
    }
}
