package io.maximus.hcl.models.plan.sim.policy;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Kubernetes' scale-down stabilization: the recommendations of the last {@code seconds}, of which the largest is the
 * most a policy may scale down to. Shared by the HPA and the predictive policy.
 */
final class StabilizationWindow {

    private final int seconds;
    private final Deque<long[]> recommendations = new ArrayDeque<>();

    StabilizationWindow(int seconds) {
        this.seconds = seconds;
    }

    /** Records {@code replicas} recommended at {@code now} (seconds) and returns the largest within the window. */
    long record(long now, long replicas) {
        while (!recommendations.isEmpty() && recommendations.peekFirst()[0] < now - seconds) {
            recommendations.pollFirst();
        }
        recommendations.addLast(new long[] {now, replicas});
        long max = replicas;
        for (long[] r : recommendations) {
            max = Math.max(max, r[1]);
        }
        return max;
    }

    void clear() {
        recommendations.clear();
    }

    long[][] history() {
        return recommendations.toArray(long[][]::new);
    }

    void restore(long[] times, long[] replicas) {
        recommendations.clear();
        for (int i = 0; i < times.length; i++) {
            recommendations.addLast(new long[] {times[i], replicas[i]});
        }
    }
}
