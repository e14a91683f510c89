package io.maximus.hcl.models.anomaly.artifact;

import io.maximus.hcl.core.TelemetryParser;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training input of {@code hcl train anomaly}: one matrix (rows in time order, columns = named metrics) per key.
 * Read from an SMD-layout directory (one key per machine, its {@code train/} rows, columns {@code dim0..}) or from
 * telemetry JSONL as {@code hcl generate} and the collector write it (a file, or every {@code *.jsonl},
 * {@code *.json}, {@code *.ndjson} file in a directory, optionally {@code .gz}): one key per service, its hosts'
 * series one after the other in event-time order, on the metrics every snapshot of that service carries.
 *
 * @param source {@code smd} or {@code telemetry}
 * @param sha256 SHA-256 over the input files' names and bytes, in name order
 * @param rows the matrix per key
 * @param metrics the metric names per key, in column order
 * @param rejected telemetry lines that were not valid snapshots (skipped)
 */
public record TrainingData(
        String source, String sha256, Map<String, double[][]> rows, Map<String, List<String>> metrics, long rejected) {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingData.class);

    /** Reads {@code path}: an SMD-layout directory (it has {@code train/}) or telemetry JSONL. */
    public static TrainingData read(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("training data not found: " + path);
        }
        if (Files.isDirectory(path.resolve("train"))) {
            return readSmd(path);
        }
        return readTelemetry(path);
    }

    private static TrainingData readSmd(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir.resolve("train"))) {
            files = s.filter(p -> p.getFileName().toString().matches(".*\\.txt(\\.gz)?$"))
                    .sorted()
                    .toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(dir.resolve("train") + " holds no NAME.txt or NAME.txt.gz files");
        }
        Map<String, double[][]> rows = new LinkedHashMap<>();
        Map<String, List<String>> metrics = new LinkedHashMap<>();
        for (Path f : files) {
            String name = f.getFileName().toString().replaceFirst("\\.txt(\\.gz)?$", "");
            double[][] m = SmdDataset.readMatrix(f);
            if (m.length == 0) {
                throw new IllegalArgumentException(f + " holds no rows");
            }
            List<String> names = new ArrayList<>();
            for (int j = 0; j < m[0].length; j++) {
                names.add("dim" + j);
            }
            rows.put(name, m);
            metrics.put(name, names);
        }
        return new TrainingData("smd", hash(files), rows, metrics, 0);
    }

    private static TrainingData readTelemetry(Path path) throws IOException {
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.list(path)) {
                files = s.filter(p -> p.getFileName().toString().matches(".*\\.(jsonl|json|ndjson)(\\.gz)?$"))
                        .sorted()
                        .toList();
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException(path + " is neither an SMD-layout directory (train/) nor holds"
                        + " telemetry files (*.jsonl, *.json, *.ndjson, optionally .gz)");
            }
        } else {
            files = List.of(path);
        }
        // service -> host -> snapshots
        Map<String, Map<String, List<TelemetrySnapshot>>> byService = new TreeMap<>();
        long rejected = 0;
        long valid = 0;
        for (Path f : files) {
            try (InputStream raw = Files.newInputStream(f);
                    InputStream in = f.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    TelemetryParser.Result res = TelemetryParser.parse(line);
                    if (!res.ok()) {
                        rejected++;
                        continue;
                    }
                    TelemetrySnapshot s = res.snapshot();
                    byService
                            .computeIfAbsent(s.service(), k -> new TreeMap<>())
                            .computeIfAbsent(s.host(), k -> new ArrayList<>())
                            .add(s);
                    valid++;
                }
            }
        }
        if (valid == 0) {
            throw new IllegalArgumentException(path + ": no valid telemetry snapshots (" + rejected + " rejected)");
        }
        Map<String, double[][]> rows = new LinkedHashMap<>();
        Map<String, List<String>> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, List<TelemetrySnapshot>>> svc : byService.entrySet()) {
            TreeSet<String> common = null;
            TreeSet<String> all = new TreeSet<>();
            List<TelemetrySnapshot> ordered = new ArrayList<>();
            for (List<TelemetrySnapshot> host : svc.getValue().values()) {
                host.sort(Comparator.comparingLong(TelemetrySnapshot::timestamp));
                for (TelemetrySnapshot s : host) {
                    all.addAll(s.metrics().keySet());
                    if (common == null) {
                        common = new TreeSet<>(s.metrics().keySet());
                    } else {
                        common.retainAll(s.metrics().keySet());
                    }
                }
                ordered.addAll(host);
            }
            if (common == null || common.isEmpty()) {
                throw new IllegalArgumentException(
                        "service '" + svc.getKey() + "': no metric is present in every" + " snapshot");
            }
            all.removeAll(common);
            if (!all.isEmpty()) {
                LOG.warn("service {}: metrics {} are missing from some snapshots and are left out", svc.getKey(), all);
            }
            List<String> names = List.copyOf(common);
            double[][] m = new double[ordered.size()][names.size()];
            for (int i = 0; i < ordered.size(); i++) {
                Map<String, Double> v = ordered.get(i).metrics();
                for (int j = 0; j < names.size(); j++) {
                    m[i][j] = v.get(names.get(j));
                }
            }
            rows.put(svc.getKey(), m);
            metrics.put(svc.getKey(), names);
        }
        if (rejected > 0) {
            LOG.warn("{}: {} lines were not valid snapshots and were skipped", path, rejected);
        }
        return new TrainingData("telemetry", hash(files), rows, metrics, rejected);
    }

    private static String hash(List<Path> files) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        for (Path f : files) {
            md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            try (InputStream in = Files.newInputStream(f)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
