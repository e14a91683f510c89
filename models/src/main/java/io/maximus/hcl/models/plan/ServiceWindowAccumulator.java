package io.maximus.hcl.models.plan;

import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.ScoredSnapshot;
import io.maximus.hcl.core.ServiceWindow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Running sums of one service's snapshots in one window; a Flink POJO so it can be a window's state. */
public class ServiceWindowAccumulator {
    /** Per metric: sum, count, max. */
    public Map<String, double[]> sums = new HashMap<>();
    /** Hosts seen. */
    public TreeSet<String> hosts = new TreeSet<>();
    /** Hosts with an anomalous snapshot. */
    public TreeSet<String> anomalousHosts = new TreeSet<>();
    /** Snapshots folded in. */
    public long samples;
    /** Highest anomaly score seen. */
    public double maxAnomalyScore;

    /** An empty accumulator. */
    public ServiceWindowAccumulator() {}

    /** Folds in one scored snapshot. */
    public ServiceWindowAccumulator add(ScoredSnapshot s) {
        for (Map.Entry<String, Double> e : s.snapshot().metrics().entrySet()) {
            double[] a = sums.computeIfAbsent(e.getKey(), k -> new double[] {0, 0, Double.NEGATIVE_INFINITY});
            double v = e.getValue();
            a[0] += v;
            a[1] += 1;
            a[2] = Math.max(a[2], v);
        }
        hosts.add(s.snapshot().host());
        if (s.anomaly().anomalous()) {
            anomalousHosts.add(s.snapshot().host());
        }
        samples++;
        maxAnomalyScore = Math.max(maxAnomalyScore, s.anomaly().score());
        return this;
    }

    /** Folds another accumulator of the same service into this one. */
    public ServiceWindowAccumulator merge(ServiceWindowAccumulator other) {
        other.sums.forEach((k, b) -> {
            double[] a = sums.computeIfAbsent(k, x -> new double[] {0, 0, Double.NEGATIVE_INFINITY});
            a[0] += b[0];
            a[1] += b[1];
            a[2] = Math.max(a[2], b[2]);
        });
        hosts.addAll(other.hosts);
        anomalousHosts.addAll(other.anomalousHosts);
        samples += other.samples;
        maxAnomalyScore = Math.max(maxAnomalyScore, other.maxAnomalyScore);
        return this;
    }

    /** The summary of the window, with the mode the rule picks for it. */
    public ServiceWindow toWindow(String service, long start, long end, ModeRule modeRule) {
        Map<String, Double> mean = new HashMap<>();
        Map<String, Double> max = new HashMap<>();
        sums.forEach((k, a) -> {
            mean.put(k, a[0] / a[1]);
            max.put(k, a[2]);
        });
        ServiceWindow w = new ServiceWindow(
                service,
                start,
                end,
                hosts.size(),
                samples,
                mean,
                max,
                maxAnomalyScore,
                new ArrayList<>(anomalousHosts),
                OperationalMode.BALANCED);
        return w.withMode(modeRule.decide(w));
    }

    /** The hosts seen, sorted. */
    public List<String> hostList() {
        return new ArrayList<>(hosts);
    }
}
