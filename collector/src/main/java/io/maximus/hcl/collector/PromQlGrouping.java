package io.maximus.hcl.collector;

import io.maximus.hcl.core.TelemetrySnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the answers of one cycle's queries into one snapshot per (service, host): labels name the service and host
 * (the first label of the entry's list that a series has; otherwise the fallbacks), values are scaled, non-finite
 * values dropped, several series of one query on the same (service, host) combined, and of several entries giving the
 * same metric to the same (service, host) the first in the mapping wins.
 */
public final class PromQlGrouping {

    private PromQlGrouping() {}

    /**
     * The snapshots of one cycle, in order of first appearance.
     *
     * @param mapping the mapping whose entries were queried
     * @param answers each answered entry's samples (entries that failed are absent)
     */
    public static List<TelemetrySnapshot> group(
            PromQlMapping mapping,
            Map<PromQlMapping.Entry, List<PromQlResult.Sample>> answers,
            long timestamp,
            String fallbackService,
            String fallbackHost) {
        Map<List<String>, Map<String, Double>> byScope = new LinkedHashMap<>();
        for (PromQlMapping.Entry entry : mapping.entries()) {
            List<PromQlResult.Sample> samples = answers.get(entry);
            if (samples == null) {
                continue;
            }
            Map<List<String>, double[]> acc = new LinkedHashMap<>(); // {combined, count}
            for (PromQlResult.Sample s : samples) {
                if (!Double.isFinite(s.value())) {
                    continue;
                }
                String service = label(s.labels(), entry.serviceLabels(), fallbackService, false);
                String host = label(s.labels(), entry.hostLabels(), fallbackHost, mapping.stripPort());
                double[] a = acc.get(List.of(service, host));
                if (a == null) {
                    acc.put(List.of(service, host), new double[] {s.value(), 1});
                } else {
                    a[0] = switch (entry.combine()) {
                        case MAX -> Math.max(a[0], s.value());
                        case MIN -> Math.min(a[0], s.value());
                        case SUM, AVG -> a[0] + s.value();
                    };
                    a[1]++;
                }
            }
            for (Map.Entry<List<String>, double[]> e : acc.entrySet()) {
                double v = e.getValue()[0];
                if (entry.combine() == PromQlMapping.Combine.AVG) {
                    v /= e.getValue()[1];
                }
                v *= entry.scale();
                if (Double.isFinite(v)) {
                    byScope.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>())
                            .putIfAbsent(entry.metric(), v);
                }
            }
        }
        List<TelemetrySnapshot> out = new ArrayList<>();
        for (Map.Entry<List<String>, Map<String, Double>> e : byScope.entrySet()) {
            out.add(new TelemetrySnapshot(
                    timestamp, e.getKey().get(1), e.getKey().get(0), e.getValue(), Map.of("source", "prometheus")));
        }
        return out;
    }

    private static String label(Map<String, String> labels, List<String> names, String fallback, boolean strip) {
        for (String n : names) {
            String v = labels.get(n);
            if (v != null && !v.isBlank()) {
                return strip ? stripPort(v) : v;
            }
        }
        return fallback;
    }

    /** {@code db1:9100} -> {@code db1}, {@code [::1]:9100} -> {@code ::1}; anything else as it is. */
    static String stripPort(String v) {
        if (v.startsWith("[")) {
            int end = v.indexOf("]:");
            return end > 0 && isPort(v.substring(end + 2)) ? v.substring(1, end) : v;
        }
        int at = v.lastIndexOf(':');
        if (at > 0 && v.indexOf(':') == at && isPort(v.substring(at + 1))) {
            return v.substring(0, at);
        }
        return v;
    }

    private static boolean isPort(String s) {
        return !s.isEmpty() && s.length() <= 5 && s.chars().allMatch(Character::isDigit);
    }
}
