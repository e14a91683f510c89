package io.maximus.hcl.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/** The key-sweep plot is well-formed SVG with one point per key count and series, placed on a log axis. */
class KeysSweepPlotTest {

    @Test
    void plotsBothSeriesOnALogAxis() throws Exception {
        List<Map<String, Object>> points = List.of(
                Map.of("keys", 1000, "passthrough_rps", 90_000L, "hcl_rps", 30_000L),
                Map.of("keys", 10_000, "passthrough_rps", 85_000L, "hcl_rps", 20_000L),
                Map.of("keys", 100_000, "passthrough_rps", 80_000L, "hcl_rps", 8_000L));
        String svg = KeysSweepPlot.svg(points);
        Document d =
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
        assertThat(d.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(d.getElementsByTagName("circle").getLength()).isEqualTo(6);
        assertThat(d.getElementsByTagName("polyline").getLength()).isEqualTo(2);
        assertThat(svg).contains("1k", "10k", "100k", "HCL job: 100k keys, 8,000 records/s");
        // equal steps in log10(keys) are equal steps in x
        String[] xs = d.getElementsByTagName("polyline")
                .item(0)
                .getAttributes()
                .getNamedItem("points")
                .getNodeValue()
                .split(" ");
        double a = Double.parseDouble(xs[0].split(",")[0]);
        double b = Double.parseDouble(xs[1].split(",")[0]);
        double c = Double.parseDouble(xs[2].split(",")[0]);
        assertThat(c - b).isCloseTo(b - a, org.assertj.core.data.Offset.offset(0.2));
    }

    @Test
    void niceCeilingsAndLabels() {
        assertThat(KeysSweepPlot.niceCeiling(83_000)).isEqualTo(100_000);
        assertThat(KeysSweepPlot.niceCeiling(1_900)).isEqualTo(2_000);
        assertThat(KeysSweepPlot.niceCeiling(4_100)).isEqualTo(5_000);
        assertThat(KeysSweepPlot.keysLabel(100_000)).isEqualTo("100k");
        assertThat(KeysSweepPlot.keysLabel(1_500)).isEqualTo("1500");
        assertThatThrownBy(() -> KeysSweepPlot.svg(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
