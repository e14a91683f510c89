package io.maximus.hcl.models.plan.sim;

/**
 * The simulated service: its replicas, their capacity and start-up delay, the SLO, memory and noise.
 *
 * <p>A replica runs {@code workersPerReplica} workers, each serving one request at a time with an exponential service
 * time of mean {@code serviceTimeMs}; its capacity is therefore {@code workersPerReplica * 1000 / serviceTimeMs}
 * requests/s at a CPU limit of 1.0 (see {@link Queueing} for the latency model).
 *
 * @param stepSeconds simulation (and decision) step, 15..30 s
 * @param workersPerReplica concurrent workers (servers of the M/M/c model) per replica
 * @param serviceTimeMs mean service time of one request, ms
 * @param startupSeconds delay from asking for a replica to it serving traffic
 * @param sloP99Ms the SLO: p99 latency at or below this, per step
 * @param timeoutMs latency reported when no replica is ready, and the longest queueing delay before requests are dropped
 * @param memoryBase memory fraction of an idle replica
 * @param memoryPerUtilization memory fraction added at 100% utilization (linear in between)
 * @param memoryPerQueued memory fraction one queued request adds to its replica
 * @param noise relative standard deviation of the arrival rate around the trace (on top of Poisson noise)
 * @param minReplicas lower replica bound of the deployment
 * @param maxReplicas upper replica bound of the deployment
 */
public record ServiceConfig(
        int stepSeconds,
        int workersPerReplica,
        double serviceTimeMs,
        int startupSeconds,
        double sloP99Ms,
        double timeoutMs,
        double memoryBase,
        double memoryPerUtilization,
        double memoryPerQueued,
        double noise,
        int minReplicas,
        int maxReplicas) {

    /** Validates the configuration. */
    public ServiceConfig {
        if (stepSeconds < 1
                || workersPerReplica < 1
                || serviceTimeMs <= 0
                || startupSeconds < 0
                || sloP99Ms <= 0
                || minReplicas < 1
                || maxReplicas < minReplicas
                || noise < 0) {
            throw new IllegalArgumentException("invalid service configuration");
        }
    }

    /**
     * The defaults: 30 s steps; 4 workers x 50 ms = 80 requests/s per replica; 90 s start-up; SLO p99 <= 400 ms; 30 s
     * timeout; memory 35% idle + 45% at full load + 0.05% per queued request; 5% load noise; 1..60 replicas.
     */
    public static ServiceConfig defaults() {
        return new ServiceConfig(30, 4, 50, 90, 400, 30_000, 0.35, 0.45, 0.0005, 0.05, 1, 60);
    }

    /** Requests/s one replica serves at CPU limit 1.0. */
    public double capacityPerReplica() {
        return workersPerReplica * 1000.0 / serviceTimeMs;
    }

    /** Service rate of one worker, requests/s. */
    public double workerRate() {
        return 1000.0 / serviceTimeMs;
    }

    /** Servers of the queueing model for {@code replicas} ready replicas at a CPU limit (fraction of a replica's CPU). */
    public int servers(int replicas, double cpuLimit) {
        if (replicas <= 0) {
            return 0;
        }
        return Math.max(1, (int) Math.floor(replicas * workersPerReplica * cpuLimit + 1e-9));
    }

    /** Memory fraction of a replica at a utilization and a per-replica queue. */
    public double memory(double utilization, double queuedPerReplica) {
        return memoryBase
                + memoryPerUtilization * Math.min(1.0, Math.max(0.0, utilization))
                + memoryPerQueued * Math.max(0.0, queuedPerReplica);
    }

    /** This configuration with another step. */
    public ServiceConfig withStep(int seconds) {
        return new ServiceConfig(
                seconds,
                workersPerReplica,
                serviceTimeMs,
                startupSeconds,
                sloP99Ms,
                timeoutMs,
                memoryBase,
                memoryPerUtilization,
                memoryPerQueued,
                noise,
                minReplicas,
                maxReplicas);
    }
}
