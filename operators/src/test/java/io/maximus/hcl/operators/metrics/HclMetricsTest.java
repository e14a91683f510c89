package io.maximus.hcl.operators.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class HclMetricsTest {

    /** A metric group that records what is registered under which labels. */
    static final class Recording extends UnregisteredMetricsGroup {
        final Map<String, Metric> registered;
        final String labels;

        Recording(Map<String, Metric> registered, String labels) {
            this.registered = registered;
            this.labels = labels;
        }

        @Override
        public MetricGroup addGroup(String key, String value) {
            return new Recording(registered, labels + key + "=" + value + ",");
        }

        @Override
        public org.apache.flink.metrics.Counter counter(String name) {
            return counter(name, new org.apache.flink.metrics.SimpleCounter());
        }

        @Override
        public <C extends org.apache.flink.metrics.Counter> C counter(String name, C c) {
            registered.put(name + "{" + labels + "}", c);
            return c;
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G g) {
            registered.put(name + "{" + labels + "}", g);
            return g;
        }

        @Override
        public <H extends Histogram> H histogram(String name, H h) {
            registered.put(name + "{" + labels + "}", h);
            return h;
        }
    }

    @Test
    void labelsBecomeKeyValueGroupsAndSeriesAreReused() {
        Map<String, Metric> reg = new HashMap<>();
        HclMetrics m = new HclMetrics(new Recording(reg, ""));
        m.inc("hcl_decisions_total", "policy", "p1", "action", "scale_deployment");
        m.inc("hcl_decisions_total", "policy", "p1", "action", "scale_deployment");
        m.set("hcl_anomaly_score", 0.75, "service", "checkout");
        m.observeSeconds("hcl_model_scoring_seconds", 0.25, "model", "baseline");
        m.observeSeconds("hcl_model_scoring_seconds", 0.75, "model", "baseline");

        assertThat(((org.apache.flink.metrics.Counter)
                                reg.get("hcl_decisions_total{policy=p1,action=scale_deployment,}"))
                        .getCount())
                .isEqualTo(2);
        assertThat(((Gauge<?>) reg.get("hcl_anomaly_score{service=checkout,}")).getValue())
                .isEqualTo(0.75);
        Histogram h = (Histogram) reg.get("hcl_model_scoring_seconds{model=baseline,}");
        assertThat(h.getCount()).isEqualTo(2);
        assertThat(h.getStatistics().getQuantile(1.0)).isEqualTo(0.75);
        assertThat(h.getStatistics().getMean()).isEqualTo(0.5);
    }

    @Test
    void aMetricKeepsAtMostTheCapOfLabelSets() {
        Map<String, Metric> reg = new HashMap<>();
        HclMetrics m = new HclMetrics(new Recording(reg, ""));
        for (int i = 0; i < HclMetrics.MAX_SERIES + 50; i++) {
            m.set("hcl_anomaly_score", i, "service", "s" + i);
        }
        m.set("hcl_observed_cpu", 1, "service", "s0");
        assertThat(reg.keySet().stream().filter(k -> k.startsWith("hcl_anomaly_score")))
                .hasSize(HclMetrics.MAX_SERIES);
        assertThat(reg).containsKey("hcl_observed_cpu{service=s0,}");
        assertThat(m.counter("hcl_anomaly_score", "service", "another")).isNull();
    }

    @Test
    void deadLetterReasonsAreBoundedCodes() {
        assertThat(DeadLetterReasons.code("invalid JSON: Unexpected character")).isEqualTo("malformed_json");
        assertThat(DeadLetterReasons.code("missing or empty host")).isEqualTo("missing_field");
        assertThat(DeadLetterReasons.code("timestamp too far in the past (more than PT1H behind the reference time)"))
                .isEqualTo("stale");
        assertThat(DeadLetterReasons.code("timestamp too far in the future (more than PT5M ahead)"))
                .isEqualTo("future");
        assertThat(DeadLetterReasons.code("internal: java.lang.IllegalStateException"))
                .isEqualTo("internal");
        assertThat(DeadLetterReasons.code("host must be a string")).isEqualTo("invalid_field");
        assertThat(DeadLetterReasons.CODES).contains("empty", "too_large", "limits");
    }
}
