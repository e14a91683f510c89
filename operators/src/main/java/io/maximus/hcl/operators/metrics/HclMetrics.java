package io.maximus.hcl.operators.metrics;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin adapter between an operator and Flink's metric groups for HCL's metric contract (docs/metrics.md): labels
 * are user-scope key/value groups, which Flink's Prometheus reporter turns into labels; each metric keeps at most
 * {@link #MAX_SERIES} label sets per operator instance (further ones are dropped, logged once) so cardinality stays
 * bounded.
 */
public final class HclMetrics {

    /** The most label sets one metric keeps in one operator instance. */
    public static final int MAX_SERIES = 1000;

    /** Samples a histogram keeps (a sliding window over the latest values). */
    public static final int HISTOGRAM_WINDOW = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(HclMetrics.class);

    private final MetricGroup root;
    private final Map<String, Object> series = new HashMap<>();
    private final Map<String, Integer> perName = new HashMap<>();

    /** An adapter over an operator's metric group. */
    public HclMetrics(MetricGroup root) {
        this.root = root;
    }

    /** The counter {@code name} with labels {@code keyValues} (key, value, key, value, ...); null over the cap. */
    public Counter counter(String name, String... keyValues) {
        return (Counter) series(name, keyValues, g -> g.counter(name));
    }

    /** Increments a counter, if it is within the cap. */
    public void inc(String name, String... keyValues) {
        Counter c = counter(name, keyValues);
        if (c != null) {
            c.inc();
        }
    }

    /** Sets the gauge {@code name} with labels {@code keyValues} to {@code value} (ignored over the cap). */
    public void set(String name, double value, String... keyValues) {
        ValueGauge g = (ValueGauge) series(name, keyValues, grp -> grp.gauge(name, new ValueGauge()));
        if (g != null) {
            g.value = value;
        }
    }

    /** Records one value, in seconds, in the histogram {@code name} with labels {@code keyValues}. */
    public void observeSeconds(String name, double seconds, String... keyValues) {
        Histogram h =
                (Histogram) series(name, keyValues, g -> g.histogram(name, new SecondsHistogram(HISTOGRAM_WINDOW)));
        if (h != null) {
            h.update(Math.round(seconds * SecondsHistogram.MICROS));
        }
    }

    private Object series(String name, String[] keyValues, java.util.function.Function<MetricGroup, Object> make) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in key/value pairs: " + String.join(",", keyValues));
        }
        String id = name + "|" + String.join("|", keyValues);
        Object m = series.get(id);
        if (m != null) {
            return m;
        }
        int n = perName.getOrDefault(name, 0);
        if (n >= MAX_SERIES) {
            if (n == MAX_SERIES) {
                LOG.warn("metric {} reached {} label sets in this operator; new ones are not reported", name, n);
                perName.put(name, n + 1);
            }
            return null;
        }
        perName.put(name, n + 1);
        MetricGroup g = root;
        for (int i = 0; i < keyValues.length; i += 2) {
            g = g.addGroup(keyValues[i], keyValues[i + 1] == null ? "unknown" : keyValues[i + 1]);
        }
        m = make.apply(g);
        series.put(id, m);
        return m;
    }

    /** A gauge holding the last value set. */
    static final class ValueGauge implements Gauge<Double> {
        volatile double value = Double.NaN;

        @Override
        public Double getValue() {
            return value;
        }
    }
}
