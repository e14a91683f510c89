package io.maximus.hcl.tools.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @Test
    void downsamplingKeepsMinAndMaxPerColumnAndSkipsNaN() {
        double[] v = {1, 5, 2, Double.NaN, Double.NaN, 3, -4, 0};
        Downsample.Columns c = Downsample.minMax(v, 0, 8, 4);
        assertThat(c.first()).containsExactly(0, 2, 4, 6);
        assertThat(c.min()).containsExactly(1, 2, 3, -4);
        assertThat(c.max()).containsExactly(5, 2, 3, 0);
        Downsample.Columns gap = Downsample.minMax(v, 3, 5, 10);
        assertThat(gap.size()).isEqualTo(2);
        assertThat(gap.min()[0]).isNaN();
        assertThatThrownBy(() -> Downsample.minMax(v, 0, 9, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLongSeriesIsReducedToTwoPointsPerPixelAndItsSpikeSurvives() {
        int n = 200_000;
        SplittableRandom r = new SplittableRandom(7);
        double[] signal = new double[n];
        for (int i = 0; i < n; i++) {
            signal[i] = r.nextDouble();
        }
        signal[123_457] = 50; // one row spike: must reach the top of the panel
        Chart chart = new Chart(0, n);
        chart.panel("signal", 100).line("signal", signal, "#1f77b4");
        String svg = chart.svg();
        String d = attribute(svg, "path class=\"line\"", "d");
        int points = d.split("[ML]").length - 1;
        assertThat(points).isLessThanOrEqualTo(2 * (Chart.WIDTH - 72)).isGreaterThan(Chart.WIDTH - 72);
        // panel 1 starts at y = 4 + 22 = 26; the range is padded by 4%, so the spike sits just below the top
        double topY = Double.POSITIVE_INFINITY;
        for (String pt : d.split("[ML]")) {
            if (!pt.isEmpty()) {
                topY = Math.min(topY, Double.parseDouble(pt.split(",")[1]));
            }
        }
        assertThat(topY).isBetween(26.0, 26.0 + 100 * 0.05);
        assertThat(svg.length()).isLessThan(60_000);
    }

    @Test
    void drawsThresholdWindowsMarkersTicksAndBandsWhereTheyBelong() {
        int n = 1000;
        double[] score = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int i = 0; i < n; i++) {
            score[i] = i / (double) n;
            lo[i] = score[i] - 0.1;
            hi[i] = score[i] + 0.1;
        }
        Chart chart = new Chart(0, n, 1000 + 72);
        chart.panel("score", 100)
                .range(0, 1)
                .line("score", score, "#d62728")
                .threshold("threshold", 0.85, "#555")
                .band("interval", lo, hi, "#9ecae1")
                .ticks("detections", new int[] {900, 900, 901, 950, 2000}, "#000");
        chart.spans("labelled window", List.of(new int[] {100, 199}), "#f5b041", 0.3);
        chart.markers("onset", new int[] {100}, "#2ca02c", true);
        String svg = chart.svg();
        // threshold 0.85 on a 0..1 panel of 100 px starting at y = 26: y = 26 + 15 = 41
        assertThat(svg).contains("<line class=\"threshold\" x1=\"64\" x2=\"1064\" y1=\"41.0\" y2=\"41.0\"");
        assertThat(svg).contains("<title>threshold = 0.85</title>");
        // one pixel per row here: the window [100, 199] is the rectangle x 164..264 over the whole plot height
        assertThat(svg).contains("<rect x=\"164.0\" y=\"26\" width=\"100.0\" height=\"100\"/>");
        assertThat(attribute(svg, "path class=\"marker\"", "d")).isEqualTo("M164.0,26V126");
        // ticks: duplicates and rows outside the chart dropped
        assertThat(attribute(svg, "path class=\"tick\"", "d")).isEqualTo("M964.0,126v-9M965.0,126v-9M1014.0,126v-9");
        assertThat(attribute(svg, "path class=\"band\"", "d"))
                .startsWith("M64.0,")
                .endsWith("Z");
        assertThat(chart.html()).contains("labelled window", "interval", "detections", "onset");
    }

    @Test
    void writesAnIndexLinkingOnePagePerSeriesWithEscapedNames(@TempDir Path dir) throws Exception {
        Report report = new Report("eval <test> & \"quotes\"");
        report.summary(Map.of("machines", 2));
        double[] v = {1, 2, 3, 2, 1};
        for (String name : new String[] {"machine-1", "<script>alert('x')</script>", "machine/1"}) {
            Chart c = new Chart(0, v.length);
            c.panel(name, 60).line(name, v, "#000");
            report.page(name)
                    .figures(Map.of("roc_auc", 0.91234567, "name", name))
                    .chart("plot of " + name, c);
        }
        Report.Written w = report.write(dir);
        assertThat(w.pages()).isEqualTo(3);
        String index = Files.readString(w.index());
        assertThat(index)
                .contains("eval &lt;test&gt; &amp; &quot;quotes&quot;")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .doesNotContain("<script>")
                .contains("<td>0.9123</td>");
        // every link resolves to a written page, and names that slug alike get distinct files
        Matcher m = Pattern.compile("href=\"(pages/[^\"]+)\"").matcher(index);
        List<String> links = new java.util.ArrayList<>();
        while (m.find()) {
            links.add(m.group(1));
        }
        assertThat(links)
                .containsExactly("pages/machine-1.html", "pages/script_alert_x_script_.html", "pages/machine_1.html");
        for (String link : links) {
            String page = Files.readString(dir.resolve(link));
            assertThat(page).contains("<svg", "href=\"../index.html\"").doesNotContain("<script>");
        }
        assertThat(Files.readString(dir.resolve(links.get(1)))).contains("<h1>&lt;script&gt;");
        assertThat(w.bytes())
                .isEqualTo(Files.size(w.index())
                        + links.stream()
                                .mapToLong(l -> dir.resolve(l).toFile().length())
                                .sum());
    }

    @Test
    void rowsHelpersFindRunsOnsetsAndCrossings() {
        int[] labels = {0, 1, 1, 0, 0, 1};
        assertThat(Rows.runs(labels)).containsExactly(new int[] {1, 2}, new int[] {5, 5});
        assertThat(Rows.onsets(labels)).containsExactly(1, 5);
        double[] s = {0.1, 0.9, 0.95, 0.2, Double.NaN, 0.9};
        assertThat(Rows.atOrAbove(s, 0.85)).containsExactly(1, 2, 5);
        assertThat(Rows.crossings(s, 0.85)).containsExactly(1, 5);
        assertThat(Html.num(0.85)).isEqualTo("0.85");
        assertThat(Html.num(123456.7)).isEqualTo("123457");
        assertThat(Html.num(2.5e12)).isEqualTo("2.5e+12");
        assertThat(Html.num(0.000123456)).isEqualTo("0.0001235");
        assertThat(Html.num(3)).isEqualTo("3");
    }

    private static String attribute(String svg, String element, String attr) {
        int at = svg.indexOf("<" + element);
        assertThat(at).as(element).isGreaterThanOrEqualTo(0);
        int a = svg.indexOf(attr + "=\"", at) + attr.length() + 2;
        return svg.substring(a, svg.indexOf('"', a));
    }
}
