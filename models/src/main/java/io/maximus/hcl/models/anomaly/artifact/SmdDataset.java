package io.maximus.hcl.models.anomaly.artifact;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Reads a data set in the SMD layout: {@code train/}, {@code test/}, {@code test_label/}, NAME.txt or NAME.txt.gz. */
public final class SmdDataset {

    /**
     * One machine's data.
     *
     * @param name machine name
     * @param train training rows
     * @param test test rows
     * @param labels 0/1 per test row
     */
    public record Machine(String name, double[][] train, double[][] test, int[] labels) {}

    private SmdDataset() {}

    /** Names of the machines that have all three parts, sorted. */
    public static List<String> machines(Path dir) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir.resolve("train"))) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".txt") || n.endsWith(".txt.gz"))
                    .map(n -> n.replaceFirst("\\.txt(\\.gz)?$", ""))
                    .forEach(names::add);
        }
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (find(dir.resolve("test"), n) != null && find(dir.resolve("test_label"), n) != null) {
                out.add(n);
            }
        }
        return out;
    }

    /** Loads one machine. */
    public static Machine load(Path dir, String name) throws IOException {
        double[][] train = readMatrix(find(dir.resolve("train"), name));
        double[][] test = readMatrix(find(dir.resolve("test"), name));
        double[][] lab = readMatrix(find(dir.resolve("test_label"), name));
        int[] labels = new int[lab.length];
        for (int i = 0; i < lab.length; i++) {
            labels[i] = lab[i][0] > 0.5 ? 1 : 0;
        }
        if (labels.length != test.length) {
            throw new IOException(name + ": " + test.length + " test rows but " + labels.length + " labels");
        }
        return new Machine(name, train, test, labels);
    }

    private static Path find(Path dir, String name) {
        Path plain = dir.resolve(name + ".txt");
        if (Files.exists(plain)) {
            return plain;
        }
        Path gz = dir.resolve(name + ".txt.gz");
        return Files.exists(gz) ? gz : null;
    }

    /** Reads comma-separated float rows from a plain or gzip text file. */
    public static double[][] readMatrix(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split(",");
                double[] row = new double[parts.length];
                for (int j = 0; j < parts.length; j++) {
                    row[j] = Double.parseDouble(parts[j].trim());
                }
                rows.add(row);
            }
        }
        return rows.toArray(new double[0][]);
    }
}
