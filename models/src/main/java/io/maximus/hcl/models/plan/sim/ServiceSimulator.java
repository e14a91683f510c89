package io.maximus.hcl.models.plan.sim;

import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.models.plan.sim.policy.Action;
import io.maximus.hcl.models.plan.sim.policy.Observation;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;

/**
 * A service under load from a trace, one step at a time: the seed's gym environment, in plain Java.
 *
 * <p>Each step: the action's replica count is applied (new replicas become ready {@code startupSeconds} later; a scale
 * down cancels starting replicas first, then removes ready ones at once); the arrival rate is the trace's value times
 * {@code 1 + noise N(0,1)} plus Poisson noise {@code sqrt(lambda/step) N(0,1)}, from a seeded {@link SplittableRandom};
 * the ready replicas serve it as an M/M/c queue ({@link Queueing}) with {@code c = floor(ready * workers * cpuLimit)}.
 * When arrivals exceed capacity the excess joins a fluid backlog, which drains when capacity returns; the step's p99
 * latency is the M/M/c p99 (at utilization capped at 0.99) plus the backlog's drain time, capped at the timeout, and
 * the backlog beyond the timeout is dropped. Utilization is CPU used over CPU requested, as Kubernetes measures it:
 * served / (ready * capacityPerReplica), so a CPU limit below 1 caps it at the limit. Every replica asked for (ready or starting) costs replica-seconds. The
 * run is fully determined by the trace, the configuration and the seed.
 */
public final class ServiceSimulator {

    private final ServiceConfig config;
    private final Trace load;
    private final SplittableRandom random;
    private final Deque<Long> starting = new ArrayDeque<>();
    private int ready;
    private int step;
    private double cpuLimit = 1.0;
    private OperationalMode mode = OperationalMode.BALANCED;
    private double backlog;
    private StepResult last;

    /** A simulator over {@code load} (requests/s per step, on the config's step) starting with {@code replicas} ready. */
    public ServiceSimulator(ServiceConfig config, Trace load, int replicas, long seed) {
        if (load.stepSeconds() != config.stepSeconds()) {
            throw new IllegalArgumentException("the load's step must be the simulator's step");
        }
        this.config = config;
        this.load = load;
        this.random = new SplittableRandom(seed);
        this.ready = Math.max(0, replicas);
        this.last = new StepResult(
                load.startSeconds(),
                load.values()[0],
                load.values()[0],
                0,
                0,
                0,
                config.memory(0, 0),
                ready,
                ready,
                false,
                0,
                cpuLimit,
                mode);
    }

    /** Whether the trace has steps left. */
    public boolean hasNext() {
        return step < load.length();
    }

    /** Time of the next step, seconds. */
    public long now() {
        return load.startSeconds() + (long) step * config.stepSeconds();
    }

    /** The observation before the next step (external signals left empty: no forecast, no anomaly, no risk). */
    public Observation observe() {
        return new Observation(
                now(),
                last.demand(),
                last.utilization(),
                backlog,
                last.p99Ms(),
                last.memory(),
                ready + starting.size(),
                ready,
                Double.NaN,
                0,
                0,
                mode);
    }

    /** Applies {@code action} and simulates one step. */
    public StepResult step(Action action) {
        if (!hasNext()) {
            throw new IllegalStateException("the trace is over");
        }
        long t = now();
        apply(action, t);
        while (!starting.isEmpty() && starting.peekFirst() <= t) {
            starting.pollFirst();
            ready++;
        }
        double dt = config.stepSeconds();
        double base = load.values()[step];
        double lambda = Math.max(
                0.0,
                base * (1 + config.noise() * random.nextGaussian()) + Math.sqrt(base / dt) * random.nextGaussian());
        int c = config.servers(ready, cpuLimit);
        double mu = config.workerRate();
        double capacity = c * mu;
        double offered = lambda + backlog / dt;
        double served = Math.min(capacity, offered);
        backlog = Math.max(0.0, backlog + (lambda - capacity) * dt);
        double timeout = config.timeoutMs() / 1000.0;
        double dropped = 0;
        if (capacity > 0 && backlog / capacity > timeout) {
            dropped = backlog - capacity * timeout;
            backlog = capacity * timeout;
        } else if (capacity == 0) {
            dropped = backlog;
            backlog = 0;
        }
        double p99;
        if (c == 0) {
            p99 = timeout;
        } else {
            double lam = Math.min(lambda, 0.99 * capacity);
            p99 = Math.min(timeout, Queueing.responseQuantile(c, lam, mu, 0.99, timeout) + backlog / capacity);
        }
        double fullCapacity = ready * config.capacityPerReplica();
        double utilization = fullCapacity > 0 ? served / fullCapacity : 1.0;
        double memory = config.memory(utilization, ready > 0 ? backlog / ready : 0);
        int billed = ready + starting.size();
        boolean violated = p99 * 1000.0 > config.sloP99Ms();
        last = new StepResult(
                t,
                lambda,
                served,
                utilization,
                backlog,
                p99 * 1000.0,
                memory,
                billed,
                ready,
                violated,
                dropped,
                cpuLimit,
                mode);
        step++;
        return last;
    }

    private void apply(Action action, long t) {
        cpuLimit = action.cpuLimit();
        mode = action.mode();
        int target = Math.max(0, action.targetReplicas());
        int total = ready + starting.size();
        for (int i = total; i < target; i++) {
            starting.addLast(t + config.startupSeconds());
        }
        for (int i = total; i > target; i--) {
            if (!starting.isEmpty()) {
                starting.pollLast();
            } else {
                ready--;
            }
        }
    }

    /** The configuration. */
    public ServiceConfig config() {
        return config;
    }
}
