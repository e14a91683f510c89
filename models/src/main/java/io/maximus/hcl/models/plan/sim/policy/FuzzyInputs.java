package io.maximus.hcl.models.plan.sim.policy;

/**
 * Turns an observation into the fuzzy controller's three inputs on 0..100.
 *
 * <p>traffic = where the demand sits in the trace's usual range, 100 * (demand - low) / (high - low) with low and high
 * the training p5 and p95, so it is a level of load (off-peak .. peak), not a utilization (that would feed back on the
 * replicas the mode itself chooses); alerts = 100 * max(anomaly, failure risk); SLA risk =
 * the larger of the p99 between half the SLO (0) and the SLO (100), and the forecast demand on the ready capacity
 * between 60% (0) and 95% (100).
 *
 * @param lowDemand demand that counts as 0% traffic, requests/s
 * @param highDemand demand that counts as 100% traffic, requests/s
 * @param capacityPerReplica requests/s of one replica at full CPU
 * @param sloP99Ms the p99 SLO, ms
 */
public record FuzzyInputs(double lowDemand, double highDemand, double capacityPerReplica, double sloP99Ms) {

    /** {traffic, alerts, slaRisk}. */
    public double[] of(Observation o) {
        double traffic = 100 * (o.demand() - lowDemand) / Math.max(1e-9, highDemand - lowDemand);
        double alerts = 100 * Math.max(o.anomaly(), o.failureRisk());
        double latencyRisk = (o.p99Ms() / sloP99Ms - 0.5) / 0.5;
        double demand = Double.isNaN(o.forecast()) ? o.demand() : Math.max(o.demand(), o.forecast());
        double load = o.readyReplicas() > 0 ? demand / (o.readyReplicas() * capacityPerReplica) : 1.0;
        double loadRisk = (load - 0.6) / 0.35;
        double risk = 100 * Math.max(0, Math.min(1, Math.max(latencyRisk, loadRisk)));
        return new double[] {Math.max(0, Math.min(100, traffic)), Math.min(100, alerts), risk};
    }
}
