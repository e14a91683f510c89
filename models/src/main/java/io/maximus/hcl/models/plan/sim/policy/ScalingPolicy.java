package io.maximus.hcl.models.plan.sim.policy;

/** A plan-stage policy: one decision per step from the service's observation. */
public interface ScalingPolicy {

    /** Short name used in reports ({@code static}, {@code hpa}, {@code predictive}, {@code fuzzy}, {@code hcl}). */
    String name();

    /** The action for this step; called once per step in time order. */
    Action decide(Observation observation);

    /** Forgets all state, before a new run. */
    void reset();
}
