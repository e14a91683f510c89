package io.maximus.hcl.models.plan.sac;

import io.maximus.hcl.models.plan.sim.policy.Action;
import io.maximus.hcl.models.plan.sim.policy.Observation;
import io.maximus.hcl.models.plan.sim.policy.ScalingPolicy;

/**
 * The trained SAC actor as a plan policy: the deterministic action ({@code tanh} of the mean) on the observation's
 * features, mapped to replicas and a CPU limit by {@link SacFeatures}; the mode in force is kept. Stateless.
 *
 * @param actor the trained actor
 * @param capacity requests/s of one replica at full CPU
 * @param sloP99Ms the p99 SLO, ms
 * @param stepSeconds the decision step
 */
public record SacPolicy(SacActor actor, double capacity, double sloP99Ms, int stepSeconds) implements ScalingPolicy {

    @Override
    public String name() {
        return "sac";
    }

    @Override
    public Action decide(Observation o) {
        float[] a = actor.act(SacFeatures.of(o, capacity, sloP99Ms, stepSeconds));
        return SacFeatures.action(a, o, capacity, stepSeconds, o.mode());
    }

    @Override
    public void reset() {}
}
