package io.maximus.hcl.models.eval.predict;

/** Minimal inline-SVG line plots for the evaluation reports (no plotting library on the JVM side is needed). */
final class Svg {

  private Svg() {
  }

  /** A plot of {@code actual} and {@code pred} (with an optional band) over index range [from, to). */
  static String series(double[] actual, double[] pred, double[] lo, double[] hi, int from, int to, int w, int h) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = from; i < to; i++) {
      for (double v : new double[] {actual[i], pred == null ? Double.NaN : pred[i]}) {
        if (!Double.isNaN(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    if (!(max > min)) {
      max = min + 1;
    }
    double pad = (max - min) * 0.1;
    min -= pad;
    max += pad;
    StringBuilder b = new StringBuilder();
    b.append("<svg width='").append(w).append("' height='").append(h).append("' xmlns='http://www.w3.org/2000/svg'>");
    if (lo != null && hi != null) {
      b.append("<path fill='#9ecae1' fill-opacity='0.4' stroke='none' d='");
      StringBuilder back = new StringBuilder();
      boolean first = true;
      for (int i = from; i < to; i++) {
        if (Double.isNaN(lo[i])) {
          continue;
        }
        b.append(first ? "M" : "L").append(x(i, from, to, w)).append(',').append(y(clamp(hi[i], min, max), min, max, h));
        back.insert(0, "L" + x(i, from, to, w) + "," + y(clamp(lo[i], min, max), min, max, h));
        first = false;
      }
      b.append(back).append("Z'/>");
    }
    b.append(line(actual, from, to, w, h, min, max, "#000"));
    if (pred != null) {
      b.append(line(pred, from, to, w, h, min, max, "#1f77b4"));
    }
    b.append(String.format("<text x='4' y='12' font-size='10'>%.4g</text><text x='4' y='%d' font-size='10'>%.4g</text>",
        max, h - 4, min));
    return b.append("</svg>").toString();
  }

  /** Vertical markers at the given indices (e.g. change points or alarms), red. */
  static String markers(int[] idx, int from, int to, int w, int h, String color) {
    StringBuilder b = new StringBuilder();
    for (int i : idx) {
      if (i >= from && i < to) {
        String x = x(i, from, to, w);
        b.append("<line x1='").append(x).append("' x2='").append(x).append("' y1='0' y2='").append(h)
            .append("' stroke='").append(color).append("' stroke-width='1'/>");
      }
    }
    return b.toString();
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static String line(double[] v, int from, int to, int w, int h, double min, double max, String color) {
    StringBuilder b = new StringBuilder("<path fill='none' stroke='" + color + "' stroke-width='1' d='");
    boolean pen = false;
    for (int i = from; i < to; i++) {
      if (Double.isNaN(v[i])) {
        pen = false;
        continue;
      }
      b.append(pen ? "L" : "M").append(x(i, from, to, w)).append(',').append(y(v[i], min, max, h));
      pen = true;
    }
    return b.append("'/>").toString();
  }

  private static String x(int i, int from, int to, int w) {
    return String.format("%.1f", (i - from) * (double) w / Math.max(1, to - from - 1));
  }

  private static String y(double v, double min, double max, int h) {
    return String.format("%.1f", h - (v - min) / (max - min) * h);
  }
}
