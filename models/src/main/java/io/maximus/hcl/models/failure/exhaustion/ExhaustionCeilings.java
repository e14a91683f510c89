package io.maximus.hcl.models.failure.exhaustion;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which metrics have a ceiling and what it is: fixed ceilings by name, percent metrics by suffix, and used/max pairs,
 * configured or recognized by name in the same snapshot ({@code <base>_used}, {@code _active}, {@code _in_use},
 * {@code _current}, {@code _open} or {@code _allocated} against {@code <base>_max}, {@code _limit}, {@code _maximum},
 * {@code _capacity} or {@code _size}; any {@code <x>} against {@code <x>_limit}, {@code <x>_maximum} or
 * {@code <x>_capacity}), so a host reporting e.g. {@code conn_pool_used} and {@code conn_pool_max} is followed with no
 * configuration.
 *
 * @param fixed metric name to its fixed ceiling (e.g. {@code memory_usage} to 100)
 * @param percentSuffixes any metric whose name ends with one of these is a percentage with ceiling 100
 * @param pairs used/max pairs whose ceiling is read from the snapshot
 * @param excludedPrefixes metrics starting with one of these are never followed (CPU saturates, it does not run out)
 */
public record ExhaustionCeilings(
        Map<String, Double> fixed, List<String> percentSuffixes, List<CeilingPair> pairs, List<String> excludedPrefixes)
        implements Serializable {

    /** Name endings of a metric that counts what is in use, paired by name with a maximum in the same snapshot. */
    static final List<String> USED_SUFFIXES = List.of("_used", "_active", "_in_use", "_current", "_open", "_allocated");

    /** Name endings of the maximum a {@link #USED_SUFFIXES used} metric is paired with. */
    static final List<String> MAX_SUFFIXES = List.of("_max", "_limit", "_maximum", "_capacity", "_size");

    /** Name endings of a limit any metric {@code <x>} is paired with ({@code <x>_max} alone is too often a statistic). */
    static final List<String> LIMIT_SUFFIXES = List.of("_limit", "_maximum", "_capacity");

    /** The metric names the collector and common exporters report (see {@code PrometheusMapping}, {@code HostSensors}). */
    public static ExhaustionCeilings defaults() {
        Map<String, Double> fixed = new TreeMap<>();
        for (String m : List.of(
                "memory_usage",
                "swap_usage",
                "disk_usage",
                "filesystem_usage",
                "file_descriptors_usage",
                "conntrack_usage")) {
            fixed.put(m, 100.0);
        }
        List<CeilingPair> pairs = List.of(
                CeilingPair.of("database_connections", "database_connections_max"),
                CeilingPair.of("db_connections_active", "db_connections_max"),
                CeilingPair.of("hikaricp_connections_active", "hikaricp_connections_max"),
                CeilingPair.of("process_open_fds", "process_max_fds"),
                CeilingPair.of("open_file_descriptors", "max_file_descriptors"),
                CeilingPair.of("node_filefd_allocated", "node_filefd_maximum"),
                CeilingPair.of("node_nf_conntrack_entries", "node_nf_conntrack_entries_limit"));
        return new ExhaustionCeilings(fixed, List.of("_percent", "_usage_percent"), pairs, List.of("cpu"));
    }

    /** These ceilings with one more pair, replacing any pair for the same "used" metric. */
    public ExhaustionCeilings withPair(CeilingPair pair) {
        List<CeilingPair> p = new ArrayList<>(pairs);
        p.removeIf(q -> q.used().equals(pair.used()));
        p.add(pair);
        return new ExhaustionCeilings(fixed, percentSuffixes, List.copyOf(p), excludedPrefixes);
    }

    /** These ceilings with one more fixed ceiling. */
    public ExhaustionCeilings withFixed(String metric, double ceiling) {
        Map<String, Double> f = new TreeMap<>(fixed);
        f.put(metric, ceiling);
        return new ExhaustionCeilings(f, percentSuffixes, pairs, excludedPrefixes);
    }

    /**
     * The metrics of a snapshot that have a ceiling, in name order; metrics without one, non-finite values and pairs
     * with no usable maximum are left out.
     */
    public List<Observation> resolve(Map<String, Double> metrics) {
        List<Observation> out = new ArrayList<>();
        for (Map.Entry<String, Double> e : new TreeMap<>(metrics).entrySet()) {
            String name = e.getKey();
            Double v = e.getValue();
            if (v == null || !Double.isFinite(v) || excluded(name)) {
                continue;
            }
            double ceiling = ceilingOf(name, metrics);
            if (Double.isFinite(ceiling) && ceiling > 0) {
                out.add(new Observation(name, v, ceiling));
            }
        }
        return out;
    }

    private double ceilingOf(String name, Map<String, Double> metrics) {
        for (CeilingPair p : pairs) {
            if (p.used().equals(name)) {
                Double max = metrics.get(p.max());
                return max != null && Double.isFinite(max) && max > 0 ? max : p.defaultMax();
            }
        }
        Double f = fixed.get(name);
        if (f != null) {
            return f;
        }
        for (String s : percentSuffixes) {
            if (name.endsWith(s)) {
                return 100.0;
            }
        }
        return pairedByName(name, metrics);
    }

    /** The maximum a metric is paired with by name in the same snapshot, or NaN. */
    static double pairedByName(String name, Map<String, Double> metrics) {
        for (String used : USED_SUFFIXES) {
            if (name.endsWith(used) && name.length() > used.length()) {
                String base = name.substring(0, name.length() - used.length());
                for (String max : MAX_SUFFIXES) {
                    Double v = metrics.get(base + max);
                    if (v != null && Double.isFinite(v) && v > 0) {
                        return v;
                    }
                }
            }
        }
        for (String limit : LIMIT_SUFFIXES) {
            Double v = metrics.get(name + limit);
            if (v != null && Double.isFinite(v) && v > 0) {
                return v;
            }
        }
        return Double.NaN;
    }

    private boolean excluded(String name) {
        for (String p : excludedPrefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
