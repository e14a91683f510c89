package io.maximus.hcl.tools.eval.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * A static chart written as inline SVG: panels stacked over one shared x axis (row indices [from, to)), each with
 * lines, prediction bands, horizontal threshold lines and tick marks; shaded spans (e.g. labelled windows) and
 * vertical markers (e.g. onsets, change points) run across all panels. Lines and bands are reduced with
 * {@link Downsample#minMax} to one column per pixel, markers and ticks to one per pixel, so the SVG size is bounded by
 * the width, not the series length. Every drawn element carries a CSS class and an SVG {@code <title>} with its label
 * (hover text). No scripts, no external resources.
 */
public final class Chart {

    /** Default plot width in pixels. */
    public static final int WIDTH = 1000;

    private static final int LEFT = 64;
    private static final int RIGHT = 8;
    private static final int TOP = 4;
    private static final int GAP = 22;
    private static final int AXIS = 18;

    private final int from;
    private final int to;
    private final int width;
    private final List<Panel> panels = new ArrayList<>();
    private final List<Spans> spans = new ArrayList<>();
    private final List<Marks> markers = new ArrayList<>();
    private final List<String[]> legend = new ArrayList<>();
    private IntFunction<String> xLabel = Integer::toString;

    /** A chart of rows [from, to) at the default width. */
    public Chart(int from, int to) {
        this(from, to, WIDTH);
    }

    /** A chart of rows [from, to), {@code width} pixels wide (the plot area is the width minus the y labels). */
    public Chart(int from, int to, int width) {
        if (to <= from) {
            throw new IllegalArgumentException("empty row range [" + from + ", " + to + ")");
        }
        if (width <= LEFT + RIGHT + 10) {
            throw new IllegalArgumentException("width too small: " + width);
        }
        this.from = from;
        this.to = to;
        this.width = width;
    }

    /** The x-axis label of a row (default: the row index), e.g. its time. */
    public Chart xLabel(IntFunction<String> label) {
        this.xLabel = label;
        return this;
    }

    /** Adds a panel {@code height} pixels high below the previous ones. */
    public Panel panel(String title, int height) {
        Panel p = new Panel(title, height);
        panels.add(p);
        return p;
    }

    /** Shades the given inclusive row spans [a, b] across all panels. */
    public Chart spans(String label, List<int[]> rows, String color, double opacity) {
        spans.add(new Spans(label, new ArrayList<>(rows), color, opacity));
        legend.add(new String[] {"span", label, color});
        return this;
    }

    /** Draws a vertical line across all panels at each of the given rows. */
    public Chart markers(String label, int[] rows, String color, boolean dashed) {
        markers.add(new Marks(label, rows.clone(), color, dashed));
        legend.add(new String[] {dashed ? "dash" : "line", label, color});
        return this;
    }

    private record Spans(String label, List<int[]> rows, String color, double opacity) {}

    private record Marks(String label, int[] rows, String color, boolean dashed) {}

    private record Line(String label, double[] values, String color, boolean dashed) {}

    private record Band(String label, double[] lower, double[] upper, String color) {}

    private record HLine(String label, double value, String color) {}

    /**
     * One panel: its own y range, fitted to its lines and thresholds unless set (bands only count when there is no
     * line: a wide interval far ahead would otherwise flatten the lines; it is clipped to the panel instead).
     */
    public final class Panel {
        private final String title;
        private final int height;
        private final List<Line> lines = new ArrayList<>();
        private final List<Band> bands = new ArrayList<>();
        private final List<HLine> hlines = new ArrayList<>();
        private final List<Marks> ticks = new ArrayList<>();
        private double yMin = Double.NaN;
        private double yMax = Double.NaN;

        private Panel(String title, int height) {
            this.title = title;
            this.height = height;
        }

        /** A line of one value per row (the whole series, indexed like the chart's rows; NaN leaves a gap). */
        public Panel line(String label, double[] values, String color) {
            return line(label, values, color, false);
        }

        /** A line, optionally dashed. */
        public Panel line(String label, double[] values, String color, boolean dashed) {
            checkLength(label, values);
            lines.add(new Line(label, values, color, dashed));
            legend.add(new String[] {dashed ? "dash" : "line", label, color});
            return this;
        }

        /** A shaded band between {@code lower} and {@code upper} (e.g. a prediction interval). */
        public Panel band(String label, double[] lower, double[] upper, String color) {
            checkLength(label, lower);
            checkLength(label, upper);
            bands.add(new Band(label, lower, upper, color));
            legend.add(new String[] {"span", label, color});
            return this;
        }

        /** A dashed horizontal line at {@code value} (e.g. a threshold). */
        public Panel threshold(String label, double value, String color) {
            hlines.add(new HLine(label, value, color));
            legend.add(new String[] {"dash", label, color});
            return this;
        }

        /** Short tick marks along the bottom edge of this panel at the given rows (e.g. detections, alarms). */
        public Panel ticks(String label, int[] rows, String color) {
            ticks.add(new Marks(label, rows.clone(), color, false));
            legend.add(new String[] {"tick", label, color});
            return this;
        }

        /** Fixes the y range instead of fitting it to the content. */
        public Panel range(double min, double max) {
            this.yMin = min;
            this.yMax = max;
            return this;
        }

        private void checkLength(String label, double[] v) {
            if (v.length < to) {
                throw new IllegalArgumentException(label + ": " + v.length + " values for rows up to " + to);
            }
        }

        private double[] yRange() {
            if (!Double.isNaN(yMin)) {
                return new double[] {yMin, yMax > yMin ? yMax : yMin + 1};
            }
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            List<double[]> all = new ArrayList<>();
            for (Line l : lines) {
                all.add(l.values());
            }
            if (lines.isEmpty()) {
                for (Band b : bands) {
                    all.add(b.lower());
                    all.add(b.upper());
                }
            }
            for (double[] v : all) {
                for (int i = from; i < to; i++) {
                    if (Double.isFinite(v[i])) {
                        lo = Math.min(lo, v[i]);
                        hi = Math.max(hi, v[i]);
                    }
                }
            }
            for (HLine h : hlines) {
                if (Double.isFinite(h.value())) {
                    lo = Math.min(lo, h.value());
                    hi = Math.max(hi, h.value());
                }
            }
            if (lo == Double.POSITIVE_INFINITY) {
                return new double[] {0, 1};
            }
            if (!(hi > lo)) {
                return new double[] {lo - 0.5, hi + 0.5};
            }
            double pad = (hi - lo) * 0.04;
            return new double[] {lo - pad, hi + pad};
        }
    }

    private int plotWidth() {
        return width - LEFT - RIGHT;
    }

    private double x(int row) {
        return LEFT + (double) (row - from) * plotWidth() / (to - from);
    }

    /** Total SVG height in pixels. */
    public int height() {
        int h = TOP + AXIS;
        for (Panel p : panels) {
            h += p.height + GAP;
        }
        return h;
    }

    /** The chart as an HTML fragment: a legend line followed by the inline SVG. */
    public String html() {
        StringBuilder b = new StringBuilder("<div class=\"legend\">");
        for (String[] l : legend) {
            String style = switch (l[0]) {
                case "span" -> "background:" + l[2] + ";opacity:.5";
                case "dash" -> "border-top:2px dashed " + l[2];
                case "tick" -> "border-left:2px solid " + l[2] + ";height:8px";
                default -> "border-top:2px solid " + l[2];
            };
            b.append("<span><i style=\"")
                    .append(Html.escape(style))
                    .append("\"></i>")
                    .append(Html.escape(l[1]))
                    .append("</span>");
        }
        return b.append("</div>\n").append(svg()).append('\n').toString();
    }

    /** The chart as a standalone SVG element. */
    public String svg() {
        int h = height();
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(h)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(h)
                .append("\" font-size=\"10\">");
        int top = TOP;
        int[] tops = new int[panels.size()];
        for (int k = 0; k < panels.size(); k++) {
            top += GAP;
            tops[k] = top;
            top += panels.get(k).height;
        }
        int plotTop = TOP + GAP;
        int plotBottom = top;
        for (Spans s : spans) {
            b.append("<g class=\"span\" fill=\"")
                    .append(Html.escape(s.color()))
                    .append("\" fill-opacity=\"")
                    .append(fmt(s.opacity()))
                    .append("\"><title>")
                    .append(Html.escape(s.label()))
                    .append("</title>");
            for (int[] r : s.rows()) {
                int a = Math.max(r[0], from);
                int e = Math.min(r[1] + 1, to);
                if (e <= a) {
                    continue;
                }
                double x0 = x(a);
                double x1 = Math.max(x(e), x0 + 1);
                b.append("<rect x=\"")
                        .append(fmt(x0))
                        .append("\" y=\"")
                        .append(plotTop)
                        .append("\" width=\"")
                        .append(fmt(x1 - x0))
                        .append("\" height=\"")
                        .append(plotBottom - plotTop)
                        .append("\"/>");
            }
            b.append("</g>");
        }
        for (int k = 0; k < panels.size(); k++) {
            drawPanel(b, panels.get(k), tops[k]);
        }
        for (Marks m : markers) {
            b.append("<path class=\"marker\" fill=\"none\" stroke=\"")
                    .append(Html.escape(m.color()))
                    .append("\" stroke-width=\"1.2\"")
                    .append(m.dashed() ? " stroke-dasharray=\"4,3\"" : "")
                    .append(" d=\"");
            for (double px : pixels(m.rows())) {
                b.append('M')
                        .append(fmt(px))
                        .append(',')
                        .append(plotTop)
                        .append('V')
                        .append(plotBottom);
            }
            b.append("\"><title>").append(Html.escape(m.label())).append("</title></path>");
        }
        drawXAxis(b, plotBottom);
        return b.append("</svg>").toString();
    }

    private void drawPanel(StringBuilder b, Panel p, int top) {
        double[] yr = p.yRange();
        int bottom = top + p.height;
        int right = LEFT + plotWidth();
        b.append("<rect class=\"frame\" x=\"")
                .append(LEFT)
                .append("\" y=\"")
                .append(top)
                .append("\" width=\"")
                .append(plotWidth())
                .append("\" height=\"")
                .append(p.height)
                .append("\" fill=\"none\" stroke=\"#ccc\"/>");
        b.append("<text x=\"")
                .append(LEFT)
                .append("\" y=\"")
                .append(top - 5)
                .append("\" font-weight=\"bold\">")
                .append(Html.escape(p.title))
                .append("</text>");
        for (int g = 0; g <= 2; g++) {
            double v = yr[0] + (yr[1] - yr[0]) * g / 2;
            double py = y(v, yr, top, p.height);
            b.append("<text x=\"")
                    .append(LEFT - 4)
                    .append("\" y=\"")
                    .append(fmt(py + 3))
                    .append("\" text-anchor=\"end\">")
                    .append(Html.escape(Html.num(v)))
                    .append("</text>");
            if (g == 1) {
                b.append("<line x1=\"")
                        .append(LEFT)
                        .append("\" x2=\"")
                        .append(right)
                        .append("\" y1=\"")
                        .append(fmt(py))
                        .append("\" y2=\"")
                        .append(fmt(py))
                        .append("\" stroke=\"#eee\"/>");
            }
        }
        for (Band band : p.bands) {
            drawBand(b, band, yr, top, p.height);
        }
        for (Line l : p.lines) {
            drawLine(b, l, yr, top, p.height);
        }
        for (HLine hl : p.hlines) {
            double py = y(Math.max(yr[0], Math.min(yr[1], hl.value())), yr, top, p.height);
            b.append("<line class=\"threshold\" x1=\"")
                    .append(LEFT)
                    .append("\" x2=\"")
                    .append(right)
                    .append("\" y1=\"")
                    .append(fmt(py))
                    .append("\" y2=\"")
                    .append(fmt(py))
                    .append("\" stroke=\"")
                    .append(Html.escape(hl.color()))
                    .append("\" stroke-dasharray=\"6,4\"><title>")
                    .append(Html.escape(hl.label() + " = " + Html.num(hl.value())))
                    .append("</title></line>");
        }
        for (Marks t : p.ticks) {
            b.append("<path class=\"tick\" fill=\"none\" stroke=\"")
                    .append(Html.escape(t.color()))
                    .append("\" stroke-width=\"1.5\" d=\"");
            for (double px : pixels(t.rows())) {
                b.append('M').append(fmt(px)).append(',').append(bottom).append("v-9");
            }
            b.append("\"><title>").append(Html.escape(t.label())).append("</title></path>");
        }
    }

    /** The distinct pixel positions of the rows inside the chart, in order (one per pixel column). */
    private double[] pixels(int[] rows) {
        int[] sorted = rows.clone();
        java.util.Arrays.sort(sorted);
        double[] out = new double[sorted.length];
        int n = 0;
        long last = Long.MIN_VALUE;
        for (int r : sorted) {
            if (r < from || r >= to) {
                continue;
            }
            double px = x(r);
            long col = (long) Math.floor(px);
            if (col != last) {
                out[n++] = px;
                last = col;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private void drawLine(StringBuilder b, Line l, double[] yr, int top, int height) {
        Downsample.Columns c = Downsample.minMax(l.values(), from, to, plotWidth());
        b.append("<path class=\"line\" fill=\"none\" stroke=\"")
                .append(Html.escape(l.color()))
                .append("\" stroke-width=\"1\"")
                .append(l.dashed() ? " stroke-dasharray=\"4,2\"" : "")
                .append(" d=\"");
        boolean pen = false;
        for (int i = 0; i < c.size(); i++) {
            if (Double.isNaN(c.min()[i])) {
                pen = false;
                continue;
            }
            String px = fmt(x(c.first()[i]));
            b.append(pen ? 'L' : 'M').append(px).append(',').append(fmt(y(clamp(c.min()[i], yr), yr, top, height)));
            if (c.max()[i] != c.min()[i]) {
                b.append('L').append(px).append(',').append(fmt(y(clamp(c.max()[i], yr), yr, top, height)));
            }
            pen = true;
        }
        b.append("\"><title>").append(Html.escape(l.label())).append("</title></path>");
    }

    private void drawBand(StringBuilder b, Band band, double[] yr, int top, int height) {
        Downsample.Columns lo = Downsample.minMax(band.lower(), from, to, plotWidth());
        Downsample.Columns hi = Downsample.minMax(band.upper(), from, to, plotWidth());
        b.append("<path class=\"band\" stroke=\"none\" fill=\"")
                .append(Html.escape(band.color()))
                .append("\" fill-opacity=\"0.35\" d=\"");
        int i = 0;
        int n = lo.size();
        while (i < n) {
            if (Double.isNaN(lo.min()[i]) || Double.isNaN(hi.max()[i])) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < n && !Double.isNaN(lo.min()[j + 1]) && !Double.isNaN(hi.max()[j + 1])) {
                j++;
            }
            // upper edge left to right, lower edge back; the column's right edge closes a one-column run
            double xEnd = j + 1 < n ? x(lo.first()[j + 1]) : x(to);
            for (int k = i; k <= j; k++) {
                b.append(k == i ? 'M' : 'L')
                        .append(fmt(x(lo.first()[k])))
                        .append(',')
                        .append(fmt(y(clamp(hi.max()[k], yr), yr, top, height)));
            }
            b.append('L').append(fmt(xEnd)).append(',').append(fmt(y(clamp(hi.max()[j], yr), yr, top, height)));
            b.append('L').append(fmt(xEnd)).append(',').append(fmt(y(clamp(lo.min()[j], yr), yr, top, height)));
            for (int k = j; k >= i; k--) {
                b.append('L')
                        .append(fmt(x(lo.first()[k])))
                        .append(',')
                        .append(fmt(y(clamp(lo.min()[k], yr), yr, top, height)));
            }
            b.append('Z');
            i = j + 1;
        }
        b.append("\"><title>").append(Html.escape(band.label())).append("</title></path>");
    }

    private void drawXAxis(StringBuilder b, int bottom) {
        int ticks = 6;
        for (int k = 0; k <= ticks; k++) {
            int row = from + (int) ((long) (to - 1 - from) * k / ticks);
            double px = x(row);
            String anchor = k == 0 ? "start" : k == ticks ? "end" : "middle";
            b.append("<text class=\"xlabel\" x=\"")
                    .append(fmt(px))
                    .append("\" y=\"")
                    .append(bottom + 13)
                    .append("\" text-anchor=\"")
                    .append(anchor)
                    .append("\">")
                    .append(Html.escape(xLabel.apply(row)))
                    .append("</text>");
        }
    }

    private static double clamp(double v, double[] yr) {
        return Math.max(yr[0], Math.min(yr[1], v));
    }

    private static double y(double v, double[] yr, int top, int height) {
        return top + height - (v - yr[0]) / (yr[1] - yr[0]) * height;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
