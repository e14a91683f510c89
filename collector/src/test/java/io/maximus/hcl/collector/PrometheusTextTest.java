package io.maximus.hcl.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maximus.hcl.collector.PrometheusText.Exposition;
import io.maximus.hcl.collector.PrometheusText.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text format 0.0.4 parser on realistic expositions and on malformed lines. */
class PrometheusTextTest {

    static final String TEXT = String.join(
            "\n",
            "# HELP http_requests_total The total number of HTTP requests.",
            "# TYPE http_requests_total counter",
            "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000",
            "http_requests_total{method=\"post\",code=\"400\"}    3 1395066363000",
            "",
            "# Escaping in label values:",
            "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"}"
                    + " 1.458255915e9",
            "metric_without_timestamp_and_labels 12.47",
            "something_weird{problem=\"division by zero\"} +Inf -3982045",
            "# TYPE http_request_duration_seconds histogram",
            "http_request_duration_seconds_bucket{le=\"0.05\"} 24054",
            "http_request_duration_seconds_bucket{le=\"+Inf\"} 144320",
            "http_request_duration_seconds_sum 53423",
            "http_request_duration_seconds_count 144320",
            "# HELP node_load1 1m load average.",
            "# TYPE node_load1 gauge",
            "node_load1 1.75",
            "not_a_number NaN",
            "minus_inf{a=\"x\",} -Inf",
            "recording:rule_name\t42\t",
            "empty_labels{} 7",
            "");

    @Test
    void parsesTheFormatsExamples() {
        Exposition e = PrometheusText.parse(TEXT);
        assertThat(e.samples()).hasSize(14);
        List<Sample> req = e.series("http_requests_total");
        assertThat(req).extracting(Sample::value).containsExactly(1027.0, 3.0);
        assertThat(req.get(1).labels()).isEqualTo(Map.of("method", "post", "code", "400"));
        assertThat(req.get(0).timestampMillis()).isEqualTo(1395066363000L);
        assertThat(e.typeOf("http_requests_total")).isEqualTo("counter");
        assertThat(e.help().get("http_requests_total")).isEqualTo("The total number of HTTP requests.");

        Sample msdos = e.series("msdos_file_access_time_seconds").get(0);
        assertThat(msdos.label("path")).isEqualTo("C:\\DIR\\FILE.TXT");
        assertThat(msdos.label("error")).isEqualTo("Cannot find file:\n\"FILE.TXT\"");
        assertThat(msdos.value()).isEqualTo(1.458255915e9);
        assertThat(msdos.timestampMillis()).isNull();

        Sample weird = e.series("something_weird").get(0);
        assertThat(weird.value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(weird.timestampMillis()).isEqualTo(-3982045L);
        assertThat(e.series("not_a_number").get(0).value()).isNaN();
        assertThat(e.series("minus_inf").get(0).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(e.series("minus_inf").get(0).labels()).isEqualTo(Map.of("a", "x"));
        assertThat(e.series("recording:rule_name").get(0).value()).isEqualTo(42.0);
        assertThat(e.series("empty_labels").get(0).labels()).isEmpty();

        assertThat(e.typeOf("http_request_duration_seconds_bucket")).isEqualTo("histogram");
        assertThat(e.typeOf("http_request_duration_seconds_count")).isEqualTo("histogram");
        assertThat(e.series("http_request_duration_seconds_bucket").get(1).label("le"))
                .isEqualTo("+Inf");
        assertThat(e.typeOf("node_load1")).isEqualTo("gauge");
        assertThat(e.typeOf("metric_without_timestamp_and_labels")).isEqualTo("untyped");
    }

    @Test
    void acceptsCrlfLineEnds() {
        Exposition e = PrometheusText.parse("# TYPE a gauge\r\na{x=\"1\"} 2\r\nb 3\r\n");
        assertThat(e.samples()).extracting(Sample::name).containsExactly("a", "b");
    }

    @Test
    void malformedLinesNameTheirLine() {
        assertThatThrownBy(() -> PrometheusText.parse("ok 1\nbad{a=\"x} 1\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line 2: unterminated label value");
        assertThatThrownBy(() -> PrometheusText.parse("a one")).hasMessageStartingWith("line 1: not a number 'one'");
        assertThatThrownBy(() -> PrometheusText.parse("a 1 12.5"))
                .hasMessageStartingWith("line 1: not a timestamp '12.5'");
        assertThatThrownBy(() -> PrometheusText.parse("a\n")).hasMessageStartingWith("line 1: missing value");
        assertThatThrownBy(() -> PrometheusText.parse("a{b=\"\\t\"} 1"))
                .hasMessageStartingWith("line 1: bad escape \\t");
        assertThatThrownBy(() -> PrometheusText.parse("a{b=\"1\" c=\"2\"} 1"))
                .hasMessageStartingWith("line 1: expected ',' or '}'");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE a gauges\na 1"))
                .hasMessageStartingWith("line 1: unknown type 'gauges'");
        assertThatThrownBy(() -> PrometheusText.parse("{a=\"1\"} 1")).hasMessageStartingWith("line 1: missing metric");
        assertThatThrownBy(() -> PrometheusText.parse("a 1 2 3")).hasMessageStartingWith("line 1: unexpected text");
    }

    @Test
    void mapsNodeExporterCountersToRatesAndListedMetricsUnderPromPrefix() {
        PrometheusMapping mapping = new PrometheusMapping(List.of("http_requests_total", "node_load1"));
        var m = mapping.map(PrometheusText.parse(TEXT
                + String.join(
                        "\n",
                        "node_memory_MemAvailable_bytes 2.5e9",
                        "node_memory_MemTotal_bytes 1e10",
                        "node_filesystem_size_bytes{device=\"/dev/vda\",fstype=\"ext4\",mountpoint=\"/\"} 1000",
                        "node_filesystem_avail_bytes{device=\"/dev/vda\",fstype=\"ext4\",mountpoint=\"/\"} 250",
                        "node_filesystem_size_bytes{device=\"tmpfs\",fstype=\"tmpfs\",mountpoint=\"/run\"} 100",
                        "node_filesystem_avail_bytes{device=\"tmpfs\",fstype=\"tmpfs\",mountpoint=\"/run\"} 0",
                        "node_network_receive_bytes_total{device=\"eth0\"} 100",
                        "node_network_receive_bytes_total{device=\"lo\"} 1e9",
                        "node_disk_io_time_seconds_total{device=\"vda\"} 2.5",
                        "")));
        assertThat(m.gauges())
                .containsEntry("load_1", 1.75)
                .containsEntry("memory_available_ratio", 0.25)
                .containsEntry("memory_usage", 75.0)
                .containsEntry("filesystem_usage", 75.0)
                .containsEntry("prom_node_load1", 1.75)
                .doesNotContainKey("prom_http_requests_total");
        assertThat(m.counters())
                .containsEntry("net_rx_bytes_per_s", 100.0)
                .containsEntry("prom_http_requests_total", 1030.0)
                .containsEntry("disk_io_utilization@vda", 250.0);
        assertThatThrownBy(() -> new PrometheusMapping(List.of("bad-name")))
                .hasMessageContaining("not a Prometheus metric name");
    }
}
