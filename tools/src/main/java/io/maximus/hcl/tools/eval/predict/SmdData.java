package io.maximus.hcl.tools.eval.predict;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Loader for data in the SMD layout ({@code train/<m>.txt[.gz]}, {@code test/<m>.txt[.gz]},
 * {@code test_label/<m>.txt}): comma-separated float rows without header, one 0/1 label per test row. Used for
 * SMD and ASD.
 */
public final class SmdData {

    /** One machine: row-major matrices with {@code dims} columns and the test labels. */
    public record Machine(String name, int dims, double[][] train, double[][] test, int[] labels) {}

    private SmdData() {}

    /** Machine names (file names without extensions) found in {@code dir/test}, sorted. */
    public static List<String> machines(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("test"))) {
            return s.map(p -> p.getFileName().toString().replaceAll("\\.txt(\\.gz)?$", ""))
                    .sorted()
                    .toList();
        }
    }

    /** Loads one machine. */
    public static Machine load(Path dir, String name) throws IOException {
        double[][] train = matrix(find(dir.resolve("train"), name));
        double[][] test = matrix(find(dir.resolve("test"), name));
        double[][] lab = matrix(find(dir.resolve("test_label"), name));
        if (lab.length != test.length) {
            throw new IOException(name + ": " + lab.length + " labels for " + test.length + " test rows");
        }
        int[] labels = new int[lab.length];
        for (int i = 0; i < lab.length; i++) {
            labels[i] = lab[i][0] > 0.5 ? 1 : 0;
        }
        return new Machine(name, test[0].length, train, test, labels);
    }

    /** SHA-256 over the bytes of every data file (sorted by path): the training-data hash of an artifact. */
    public static String hash(Path dir) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String sub : new String[] {"train", "test", "test_label"}) {
                List<Path> files;
                try (Stream<Path> s = Files.list(dir.resolve(sub))) {
                    files = s.sorted().toList();
                }
                for (Path f : files) {
                    md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                    md.update(Files.readAllBytes(f));
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path find(Path dir, String name) throws IOException {
        for (String ext : new String[] {".txt.gz", ".txt"}) {
            Path p = dir.resolve(name + ext);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException("missing " + dir.resolve(name + ".txt[.gz]"));
    }

    private static double[][] matrix(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] c = line.split(",");
                double[] v = new double[c.length];
                for (int i = 0; i < c.length; i++) {
                    v[i] = Double.parseDouble(c[i]);
                }
                rows.add(v);
            }
        }
        return rows.toArray(new double[0][]);
    }
}
