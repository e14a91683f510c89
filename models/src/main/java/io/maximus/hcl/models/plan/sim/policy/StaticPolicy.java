package io.maximus.hcl.models.plan.sim.policy;

/** A fixed replica count, no throttle: the "provision for the peak" baseline. */
public final class StaticPolicy implements ScalingPolicy {

    private final int replicas;

    /** Always {@code replicas}. */
    public StaticPolicy(int replicas) {
        this.replicas = replicas;
    }

    @Override
    public String name() {
        return "static";
    }

    @Override
    public Action decide(Observation o) {
        return new Action(replicas, 1.0, o.mode());
    }

    @Override
    public void reset() {
        // stateless
    }

    /** The replica count. */
    public int replicas() {
        return replicas;
    }
}
