package io.maximus.hcl.tools.eval.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The NAB corpus in NAB's layout: {@code data/<category>/<file>.csv}, labels and application profiles. */
public final class NabCorpus {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * One data file.
     *
     * @param name relative name, e.g. {@code realKnownCause/nyc_taxi.csv}
     * @param timestamps epoch seconds (UTC, NAB timestamps have no zone) per row
     * @param values value per row
     * @param windows labelled windows as [start, end] epoch seconds, in order
     */
    public record Series(String name, long[] timestamps, double[] values, List<long[]> windows) {}

    /**
     * A profile's cost matrix.
     *
     * @param name profile name
     * @param tpWeight reward of a detection at the start of a window
     * @param fpWeight cost of a false positive
     * @param fnWeight cost of a missed window
     */
    public record Profile(String name, double tpWeight, double fpWeight, double fnWeight) {}

    private final List<Series> series;
    private final List<Profile> profiles;

    private NabCorpus(List<Series> series, List<Profile> profiles) {
        this.series = series;
        this.profiles = profiles;
    }

    /** Loads the corpus: every file listed in {@code labels/combined_windows.json}. */
    public static NabCorpus load(Path dir) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode windows =
                mapper.readTree(dir.resolve("labels/combined_windows.json").toFile());
        List<Series> list = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = windows.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            List<long[]> ws = new ArrayList<>();
            for (JsonNode w : e.getValue()) {
                ws.add(new long[] {
                    parseTime(w.get(0).asText()), parseTime(w.get(1).asText())
                });
            }
            double[][] tv = readTimeValues(dir.resolve("data").resolve(e.getKey()), "value");
            long[] ts = new long[tv.length];
            double[] vs = new double[tv.length];
            for (int i = 0; i < tv.length; i++) {
                ts[i] = (long) tv[i][0];
                vs[i] = tv[i][1];
            }
            list.add(new Series(e.getKey(), ts, vs, ws));
        }
        list.sort((a, b) -> a.name().compareTo(b.name()));
        JsonNode prof = mapper.readTree(dir.resolve("config/profiles.json").toFile());
        List<Profile> profiles = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> pit = prof.fields();
        while (pit.hasNext()) {
            Map.Entry<String, JsonNode> e = pit.next();
            JsonNode cm = e.getValue().get("CostMatrix");
            profiles.add(new Profile(
                    e.getKey(),
                    cm.get("tpWeight").asDouble(),
                    cm.get("fpWeight").asDouble(),
                    cm.get("fnWeight").asDouble()));
        }
        return new NabCorpus(list, profiles);
    }

    /** Parses a NAB timestamp ({@code yyyy-MM-dd HH:mm:ss} with an optional fraction) to epoch seconds. */
    public static long parseTime(String s) {
        String t = s.trim();
        int dot = t.indexOf('.');
        if (dot > 0) {
            t = t.substring(0, dot);
        }
        return LocalDateTime.parse(t, TS).toEpochSecond(ZoneOffset.UTC);
    }

    /**
     * Reads a CSV with a {@code timestamp} column and the named value column; returns rows of {epochSeconds, value}.
     */
    public static double[][] readTimeValues(Path csv, String column) throws IOException {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String[] header = r.readLine().split(",");
            int tc = -1;
            int vc = -1;
            for (int i = 0; i < header.length; i++) {
                if (header[i].trim().equals("timestamp")) {
                    tc = i;
                } else if (header[i].trim().equals(column)) {
                    vc = i;
                }
            }
            if (tc < 0 || vc < 0) {
                throw new IOException(csv + ": no timestamp or " + column + " column");
            }
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] p = line.split(",");
                rows.add(new double[] {parseTime(p[tc]), Double.parseDouble(p[vc].trim())});
            }
        }
        return rows.toArray(new double[0][]);
    }

    /** The series, sorted by name. */
    public List<Series> series() {
        return series;
    }

    /** The application profiles in file order. */
    public List<Profile> profiles() {
        return profiles;
    }

    /** Total number of labelled windows in the corpus. */
    public int windowCount() {
        return series.stream().mapToInt(s -> s.windows().size()).sum();
    }

    /** Series by name. */
    public Map<String, Series> byName() {
        Map<String, Series> m = new LinkedHashMap<>();
        series.forEach(s -> m.put(s.name(), s));
        return m;
    }
}
