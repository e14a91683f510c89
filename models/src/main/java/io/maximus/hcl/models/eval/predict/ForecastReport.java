package io.maximus.hcl.models.eval.predict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a self-contained HTML report (inline SVG) of a forecast evaluation: forecast vs actual with intervals. */
final class ForecastReport {

  private ForecastReport() {
  }

  static Path write(Path dir, String name, ForecastEvaluation.Result r, int[] horizons, String[] labels,
                    Map<String, Object> figures) throws IOException {
    Files.createDirectories(dir);
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html><head><meta charset='utf-8'><title>Forecast evaluation: ").append(esc(name))
        .append("</title><style>body{font-family:sans-serif;margin:20px}svg{background:#fafafa;border:1px solid #ddd}"
            + "</style></head><body><h1>Forecast evaluation: ").append(esc(name)).append("</h1><pre>")
        .append(esc(figures.toString())).append("</pre>");
    for (int i = 0; i < horizons.length; i++) {
      int h = horizons[i];
      html.append("<h2>").append(labels[i]).append(" ahead (").append(h).append(" steps), last 7 days of the test part"
          + " &mdash; black actual, blue forecast, band 90% interval</h2>");
      html.append(Svg.series(r.actual(), r.predicted().get(h), r.lower().get(h), r.upper().get(h),
          Math.max(r.testStart(), r.actual().length - 7 * 96), r.actual().length, 1100, 280));
    }
    html.append("</body></html>");
    Path file = dir.resolve("forecast-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + ".html");
    Files.writeString(file, html.toString());
    return file;
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
