package io.maximus.hcl.models.eval.anomaly;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML report: one inline SVG per series with the signal (top panel), the anomaly score and its
 * threshold (bottom panel) and the labelled windows shaded across both. Hand-written SVG, no scripts: long series are
 * reduced to min/max per pixel column so spikes stay visible.
 */
final class HtmlReport {

    private static final int WIDTH = 1000;
    private static final int PANEL = 110;
    private static final int GAP = 14;
    private static final int MARGIN = 6;

    private final StringBuilder body = new StringBuilder();
    private final String title;

    HtmlReport(String title) {
        this.title = title;
    }

    /** Adds a paragraph of preformatted text (e.g. the summary JSON). */
    HtmlReport text(String text) {
        body.append("<pre>").append(escape(text)).append("</pre>\n");
        return this;
    }

    /**
     * Adds one series.
     *
     * @param name heading
     * @param signal the signal, one value per row
     * @param score the anomaly score per row (NaN where not scored)
     * @param threshold the threshold line on the score panel
     * @param windows labelled windows as inclusive [from, to] row indices
     */
    HtmlReport series(String name, double[] signal, double[] score, double threshold, List<int[]> windows) {
        body.append("<h3>").append(escape(name)).append("</h3>\n");
        body.append(svg(signal, score, threshold, windows)).append('\n');
        return this;
    }

    /** Writes {@code index.html} into {@code dir}; returns its path. */
    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("index.html");
        String html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title>\n<style>body{font-family:sans-serif;margin:20px}pre{background:#f4f4f4;padding:8px;"
                + "white-space:pre-wrap}svg{border:1px solid #ddd}.leg span{margin-right:14px}</style></head><body>\n"
                + "<h1>" + escape(title) + "</h1>\n<p class=\"leg\"><span style=\"color:#1f77b4\">&#9632; signal</span>"
                + "<span style=\"color:#d62728\">&#9632; score</span><span style=\"color:#555\">- - threshold</span>"
                + "<span style=\"color:#f5b041\">&#9632; labelled anomaly window</span></p>\n"
                + body + "</body></html>\n";
        Files.writeString(file, html, StandardCharsets.UTF_8);
        return file;
    }

    static String svg(double[] signal, double[] score, double threshold, List<int[]> windows) {
        int n = signal.length;
        int height = 2 * PANEL + GAP + 2 * MARGIN;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\">");
        for (int[] w : windows) {
            double x0 = x(w[0], n);
            double x1 = Math.max(x(w[1] + 1, n), x0 + 1);
            sb.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%d\" fill=\"#f5b041\" fill-opacity=\"0.35\"/>",
                    x0, x1 - x0, height));
        }
        double[] sr = range(signal);
        sb.append(polyline(signal, sr[0], sr[1], MARGIN, "#1f77b4"));
        double[] cr = range(score);
        double lo = Math.min(cr[0], threshold);
        double hi = Math.max(cr[1], threshold);
        int top = MARGIN + PANEL + GAP;
        sb.append(polyline(score, lo, hi, top, "#d62728"));
        double ty = y(threshold, lo, hi, top);
        sb.append(String.format(Locale.ROOT,
                "<line x1=\"0\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#555\" stroke-dasharray=\"5,4\"/>",
                WIDTH, ty, ty));
        sb.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"10\">%s .. %s</text>",
                MARGIN + 10, fmt(sr[0]), fmt(sr[1])));
        sb.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"10\">score %s .. %s, threshold %s"
                + "</text>", top + 10, fmt(lo), fmt(hi), fmt(threshold)));
        sb.append("</svg>");
        return sb.toString();
    }

    /** Min/max per pixel column, drawn as one polyline (NaN rows are skipped). */
    private static String polyline(double[] v, double lo, double hi, int top, String color) {
        int n = v.length;
        StringBuilder pts = new StringBuilder();
        int cols = Math.min(WIDTH, n);
        for (int c = 0; c < cols; c++) {
            int from = (int) ((long) c * n / cols);
            int to = (int) ((long) (c + 1) * n / cols);
            double mn = Double.POSITIVE_INFINITY;
            double mx = Double.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) {
                if (!Double.isNaN(v[i])) {
                    mn = Math.min(mn, v[i]);
                    mx = Math.max(mx, v[i]);
                }
            }
            if (mn == Double.POSITIVE_INFINITY) {
                continue;
            }
            double px = x(from, n);
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, y(mn, lo, hi, top)));
            if (mx != mn) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, y(mx, lo, hi, top)));
            }
        }
        return "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"1\" points=\"" + pts + "\"/>";
    }

    private static double x(int i, int n) {
        return (double) i * WIDTH / Math.max(n, 1);
    }

    private static double y(double v, double lo, double hi, int top) {
        double span = hi > lo ? hi - lo : 1;
        return top + PANEL - (v - lo) / span * PANEL;
    }

    private static double[] range(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            if (!Double.isNaN(d)) {
                lo = Math.min(lo, d);
                hi = Math.max(hi, d);
            }
        }
        return lo == Double.POSITIVE_INFINITY ? new double[] {0, 1} : new double[] {lo, hi};
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Inclusive [from, to] index pairs of the runs of 1 in a label vector. */
    static List<int[]> segments(int[] labels) {
        List<int[]> out = new java.util.ArrayList<>();
        int i = 0;
        while (i < labels.length) {
            if (labels[i] == 1) {
                int j = i;
                while (j + 1 < labels.length && labels[j + 1] == 1) {
                    j++;
                }
                out.add(new int[] {i, j});
                i = j + 1;
            } else {
                i++;
            }
        }
        return out;
    }
}
