package io.maximus.hcl.models.forecast;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a univariate time series from a CSV file with a header and resamples it to fixed-width bins (mean of the
 * values in each bin; NaN where a bin has none). The time column may hold ISO-8601 instants or local date-times,
 * {@code YYYY-MM-DD HH:MM:SS}, or epoch seconds or milliseconds (numbers above 1e11 are read as milliseconds);
 * local times are taken as UTC. Empty or non-numeric values are skipped.
 */
public final class SeriesCsv {

    private static final DateTimeFormatter SPACE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss][.SSS]");

    /** A resampled series: {@code values[i]} is the mean of bin {@code firstBin + i} (bin = epochSecond / step). */
    public record Binned(long firstBin, long stepSeconds, double[] values) {}

    private SeriesCsv() {}

    /** Parses a time cell into epoch seconds. */
    public static long parseEpochSeconds(String s) {
        String t = s.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty time");
        }
        if (t.matches("-?\\d+(\\.\\d+)?")) {
            double v = Double.parseDouble(t);
            return (long) Math.floor(Math.abs(v) > 1e11 ? v / 1000.0 : v);
        }
        if (t.indexOf('T') > 0) {
            if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                try {
                    return OffsetDateTime.parse(t).toEpochSecond();
                } catch (RuntimeException e) {
                    return Instant.parse(t).getEpochSecond();
                }
            }
            return LocalDateTime.parse(t).toEpochSecond(ZoneOffset.UTC);
        }
        return LocalDateTime.parse(t, SPACE).toEpochSecond(ZoneOffset.UTC);
    }

    /** Reads the file and resamples it to bins of {@code stepSeconds}. Columns by name, or null for the 1st/2nd. */
    public static Binned read(Path file, String timeCol, String valueCol, long stepSeconds) throws IOException {
        List<long[]> times = new ArrayList<>();
        List<Double> vals = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String header = r.readLine();
            if (header == null) {
                throw new IOException("empty file " + file);
            }
            String[] h = header.split(",", -1);
            int ti = timeCol == null ? 0 : indexOf(h, timeCol);
            int vi = valueCol == null ? 1 : indexOf(h, valueCol);
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] c = line.split(",", -1);
                if (c.length <= Math.max(ti, vi)) {
                    continue;
                }
                String v = c[vi].trim();
                if (v.isEmpty()) {
                    continue;
                }
                double d;
                try {
                    d = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (!Double.isFinite(d)) {
                    continue;
                }
                times.add(new long[] {parseEpochSeconds(c[ti])});
                vals.add(d);
            }
        }
        if (times.isEmpty()) {
            throw new IOException("no values in " + file);
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long[] t : times) {
            min = Math.min(min, Math.floorDiv(t[0], stepSeconds));
            max = Math.max(max, Math.floorDiv(t[0], stepSeconds));
        }
        int n = (int) (max - min + 1);
        double[] sum = new double[n];
        int[] cnt = new int[n];
        for (int i = 0; i < times.size(); i++) {
            int b = (int) (Math.floorDiv(times.get(i)[0], stepSeconds) - min);
            sum[b] += vals.get(i);
            cnt[b]++;
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = cnt[i] == 0 ? Double.NaN : sum[i] / cnt[i];
        }
        return new Binned(min, stepSeconds, out);
    }

    private static int indexOf(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].trim().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column '" + name + "' in header " + String.join(",", header));
    }

    /** Parses a duration such as {@code 5m}, {@code 15m}, {@code 1h}, {@code 1d}, {@code 30s} into seconds. */
    public static long parseDurationSeconds(String s) {
        String t = s.trim().toLowerCase();
        long mult = switch (t.charAt(t.length() - 1)) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86400;
            default -> 0;
        };
        if (mult == 0) {
            return Long.parseLong(t);
        }
        return Long.parseLong(t.substring(0, t.length() - 1)) * mult;
    }
}
