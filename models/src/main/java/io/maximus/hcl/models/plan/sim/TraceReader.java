package io.maximus.hcl.models.plan.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a load trace from a CSV with a header: one time column and one value column, resampled to a regular step by
 * linear interpolation between the surrounding samples.
 *
 * <p>Times may be numbers (seconds; values above 10^11 are taken as epoch milliseconds), ISO-8601 instants with an
 * offset, or local date-times {@code yyyy-MM-dd HH:mm:ss} / {@code yyyy-MM-ddTHH:mm:ss} (read as UTC). Rows with an
 * empty or non-numeric value are skipped, so a gap (e.g. NASA's {@code not_logged} days) is bridged by the straight line
 * between the samples on either side; an outage recorded as a true 0 stays 0. Rows must be in time order.
 */
public final class TraceReader {

    private static final DateTimeFormatter SPACE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");

    private TraceReader() {}

    /** Reads {@code file} and resamples it to {@code stepSeconds}. */
    public static Trace read(Path file, String timeColumn, String valueColumn, int stepSeconds) throws IOException {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new IOException("empty file: " + file);
            }
            List<String> names = split(header.replace("\uFEFF", ""));
            int t = indexOf(names, timeColumn, file);
            int v = indexOf(names, valueColumn, file);
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = split(line);
                if (cells.size() <= Math.max(t, v)) {
                    continue;
                }
                Double value = number(cells.get(v));
                if (value == null) {
                    continue;
                }
                rows.add(new double[] {parseTime(cells.get(t)), value});
            }
        }
        return resample(fileName(file), rows, stepSeconds);
    }

    /** Linear interpolation of time-ordered {@code (seconds, value)} samples onto a grid from the first sample. */
    static Trace resample(String name, List<double[]> rows, int stepSeconds) {
        if (rows.size() < 2) {
            throw new IllegalArgumentException(name + ": fewer than two usable rows");
        }
        double t0 = rows.get(0)[0];
        double tEnd = rows.get(rows.size() - 1)[0];
        int n = (int) Math.floor((tEnd - t0) / stepSeconds) + 1;
        double[] out = new double[n];
        int j = 0;
        for (int i = 0; i < n; i++) {
            double t = t0 + (double) i * stepSeconds;
            while (j < rows.size() - 2 && rows.get(j + 1)[0] <= t) {
                j++;
            }
            double[] a = rows.get(j);
            double[] b = rows.get(j + 1);
            if (b[0] < a[0]) {
                throw new IllegalArgumentException(name + ": rows are not in time order at t=" + b[0]);
            }
            double w = b[0] == a[0] ? 1.0 : Math.min(1.0, Math.max(0.0, (t - a[0]) / (b[0] - a[0])));
            out[i] = Math.max(0.0, a[1] + w * (b[1] - a[1]));
        }
        return new Trace(name, (long) t0, stepSeconds, out);
    }

    /** Seconds for a time cell (see the class comment for the formats). */
    static double parseTime(String cell) {
        String s = unquote(cell);
        Double n = number(s);
        if (n != null) {
            return n > 1e11 ? n / 1000.0 : n;
        }
        try {
            return OffsetDateTime.parse(s).toEpochSecond();
        } catch (DateTimeParseException e) {
            // not an instant with an offset: try local date-times below
        }
        try {
            return LocalDateTime.parse(s.replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(s, SPACE).toEpochSecond(ZoneOffset.UTC);
        }
    }

    private static Double number(String cell) {
        String s = unquote(cell);
        if (s.isEmpty()) {
            return null;
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int indexOf(List<String> names, String column, Path file) throws IOException {
        for (int i = 0; i < names.size(); i++) {
            if (unquote(names.get(i)).equals(column)) {
                return i;
            }
        }
        throw new IOException(file + " has no column '" + column + "'; it has " + names);
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        for (String c : line.split(",", -1)) {
            out.add(c.trim());
        }
        return out;
    }

    private static String unquote(String s) {
        String t = s.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    private static String fileName(Path file) {
        Path f = file.getFileName();
        return f == null ? file.toString() : f.toString();
    }
}
