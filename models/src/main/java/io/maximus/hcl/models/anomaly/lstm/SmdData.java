package io.maximus.hcl.models.anomaly.lstm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reader of the SMD layout ({@code train/}, {@code test/}, {@code test_label/}; files {@code NAME.txt} or
 * {@code NAME.txt.gz}, one comma-separated row of floats per time step, labels 0/1 per row), as used by SMD and
 * ASD.
 */
public final class SmdData {

    private SmdData() {
    }

    /** One machine's data. */
    public record Machine(String name, double[][] train, double[][] test, int[] labels) {
    }

    /** Machine names found in {@code dir/train}, sorted. */
    public static List<String> machines(Path dir) {
        Path train = dir.resolve("train");
        if (!Files.isDirectory(train)) {
            throw new IllegalArgumentException("no train/ directory in " + dir);
        }
        try (Stream<Path> files = Files.list(train)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".txt") || n.endsWith(".txt.gz"))
                    .map(n -> n.substring(0, n.indexOf(".txt")))
                    .distinct().sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads one machine's train and test rows and test labels. */
    public static Machine load(Path dir, String name) {
        double[][] train = readMatrix(file(dir.resolve("train"), name));
        double[][] test = readMatrix(file(dir.resolve("test"), name));
        double[][] lab = readMatrix(file(dir.resolve("test_label"), name));
        int[] labels = new int[lab.length];
        for (int i = 0; i < lab.length; i++) {
            labels[i] = lab[i][0] != 0 ? 1 : 0;
        }
        if (labels.length != test.length) {
            throw new IllegalArgumentException(name + ": " + test.length + " test rows but " + labels.length
                    + " labels");
        }
        return new Machine(name, train, test, labels);
    }

    private static Path file(Path dir, String name) {
        Path plain = dir.resolve(name + ".txt");
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = dir.resolve(name + ".txt.gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new IllegalArgumentException("missing " + plain + "(.gz)");
    }

    /** Reads a comma-separated matrix, plain or gzipped. */
    public static double[][] readMatrix(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16)) {
            List<double[]> rows = new ArrayList<>();
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
            return rows.toArray(new double[0][]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
