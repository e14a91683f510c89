package io.maximus.hcl.tools.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The plot of {@code hcl bench pipeline --keys-sweep}: records per second of the pass-through and of the HCL job
 * against the number of keys (log scale), as a small self-contained SVG (no scripts, no external resources).
 */
final class KeysSweepPlot {

    private static final int W = 640;
    private static final int H = 360;
    private static final int LEFT = 70;
    private static final int RIGHT = 150;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;

    private KeysSweepPlot() {}

    /** The SVG of the sweep's points (each with {@code keys}, {@code passthrough_rps}, {@code hcl_rps}). */
    static String svg(List<Map<String, Object>> points) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("no points to plot");
        }
        double[] keys = column(points, "keys");
        double[] pass = column(points, "passthrough_rps");
        double[] hcl = column(points, "hcl_rps");
        double lo = Math.floor(Math.log10(min(keys)));
        double hi = Math.max(lo + 1, Math.ceil(Math.log10(max(keys))));
        double top = niceCeiling(Math.max(max(pass), max(hcl)));
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">\n",
                W,
                H,
                W,
                H));
        b.append("<title>hcl bench pipeline: throughput against keys</title>\n");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        b.append(text(LEFT, 18, "Throughput against keys (records/s, catch-up)", "start", 14));
        int x0 = LEFT;
        int x1 = W - RIGHT;
        int y0 = H - BOTTOM;
        int y1 = TOP;
        for (double e = lo; e <= hi + 1e-9; e++) {
            double x = x(Math.pow(10, e), lo, hi, x0, x1);
            b.append(line(x, y0, x, y0 + 5, "#000"))
                    .append(line(x, y0, x, y1, "#eee"))
                    .append(text(x, y0 + 18, keysLabel(Math.pow(10, e)), "middle", 12));
        }
        for (int i = 0; i <= 4; i++) {
            double v = top * i / 4;
            double y = y(v, top, y0, y1);
            b.append(line(x0 - 5, y, x0, y, "#000"))
                    .append(line(x0, y, x1, y, "#eee"))
                    .append(text(x0 - 8, y + 4, String.format(Locale.ROOT, "%,.0f", v), "end", 12));
        }
        // the axes over the grid
        b.append(line(x0, y0, x1, y0, "#000")).append(line(x0, y0, x0, y1, "#000"));
        b.append(text((x0 + x1) / 2.0, H - 12, "keys (services × hosts, log scale)", "middle", 12));
        series(b, "pass-through (Kafka → parse → Kafka)", keys, pass, "#1f77b4", lo, hi, top, x0, x1, y0, y1);
        series(b, "HCL job", keys, hcl, "#d62728", lo, hi, top, x0, x1, y0, y1);
        legend(b, "pass-through", "#1f77b4", x1 + 15, TOP + 10);
        legend(b, "HCL job", "#d62728", x1 + 15, TOP + 30);
        b.append("</svg>\n");
        return b.toString();
    }

    private static void series(
            StringBuilder b,
            String label,
            double[] keys,
            double[] rps,
            String color,
            double lo,
            double hi,
            double top,
            int x0,
            int x1,
            int y0,
            int y1) {
        List<String> pts = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            pts.add(String.format(Locale.ROOT, "%.1f,%.1f", x(keys[i], lo, hi, x0, x1), y(rps[i], top, y0, y1)));
        }
        b.append("<g class=\"series\"><title>")
                .append(escape(label))
                .append("</title>")
                .append(String.format(
                        "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>",
                        color, String.join(" ", pts)));
        for (int i = 0; i < keys.length; i++) {
            double x = x(keys[i], lo, hi, x0, x1);
            double y = y(rps[i], top, y0, y1);
            b.append(String.format(
                            Locale.ROOT,
                            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%s: %s keys, %,.0f"
                                    + " records/s</title></circle>",
                            x,
                            y,
                            color,
                            escape(label),
                            keysLabel(keys[i]),
                            rps[i]))
                    .append(text(x + 6, y - 6, String.format(Locale.ROOT, "%,.0f", rps[i]), "start", 11));
        }
        b.append("</g>\n");
    }

    private static void legend(StringBuilder b, String label, String color, int x, int y) {
        b.append(line(x, y, x + 20, y, color).replace("stroke-width=\"1\"", "stroke-width=\"2\""))
                .append(text(x + 26, y + 4, label, "start", 12));
    }

    private static double x(double keys, double lo, double hi, int x0, int x1) {
        return x0 + (Math.log10(keys) - lo) / (hi - lo) * (x1 - x0);
    }

    private static double y(double v, double top, int y0, int y1) {
        return y0 - v / top * (y0 - y1);
    }

    private static String line(double xa, double ya, double xb, double yb, String color) {
        return String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>\n",
                xa,
                ya,
                xb,
                yb,
                color);
    }

    private static String text(double x, double y, String s, String anchor, int size) {
        return String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>\n",
                x,
                y,
                anchor,
                size,
                escape(s));
    }

    static String keysLabel(double keys) {
        if (keys >= 1e6 && keys % 1e6 == 0) {
            return String.format(Locale.ROOT, "%.0fM", keys / 1e6);
        }
        if (keys >= 1e3 && keys % 1e3 == 0) {
            return String.format(Locale.ROOT, "%.0fk", keys / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", keys);
    }

    /** The smallest 1, 2 or 5 × 10^n at or above {@code v} (at least 1). */
    static double niceCeiling(double v) {
        if (!(v > 1)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static double[] column(List<Map<String, Object>> points, String key) {
        double[] out = new double[points.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = points.get(i).get(key);
            if (!(v instanceof Number n)) {
                throw new IllegalArgumentException("point " + i + " has no number " + key);
            }
            out[i] = n.doubleValue();
        }
        return out;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
