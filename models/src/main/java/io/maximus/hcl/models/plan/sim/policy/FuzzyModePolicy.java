package io.maximus.hcl.models.plan.sim.policy;

import io.maximus.hcl.core.OperationalMode;

/**
 * The fuzzy mode controller driving an HPA: the mode scales the HPA's target utilization (its headroom, see
 * {@link ModeProfile#target}) and sets the CPU limit ({@link ModeProfile#cpuLimitFor}).
 */
public final class FuzzyModePolicy implements ScalingPolicy {

    private final HpaPolicy hpa;
    private final FuzzyModeController controller;
    private final FuzzyInputs inputs;

    /** The fuzzy controller over {@code hpa} (whose target is the BALANCED target). */
    public FuzzyModePolicy(HpaPolicy hpa, FuzzyModeController controller, FuzzyInputs inputs) {
        this.hpa = hpa;
        this.controller = controller;
        this.inputs = inputs;
    }

    @Override
    public String name() {
        return "fuzzy";
    }

    @Override
    public Action decide(Observation o) {
        double[] in = inputs.of(o);
        OperationalMode mode = controller.decide(o.timeSeconds(), in[0], in[1], in[2]);
        ModeProfile profile = ModeProfile.of(mode);
        int replicas = hpa.replicas(o, profile.target(hpa.targetUtilization()));
        double demand = Double.isNaN(o.forecast()) ? o.demand() : Math.max(o.demand(), o.forecast());
        return new Action(replicas, profile.cpuLimitFor(demand, replicas, inputs.capacityPerReplica()), mode);
    }

    @Override
    public void reset() {
        hpa.reset();
        controller.reset();
    }
}
