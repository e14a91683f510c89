package io.maximus.hcl.tools.eval.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalAnomalyCommandTest {

    /** Writes a small SMD-layout data set: 4 metrics, one of them constant, an injected incident in the test part. */
    static void writeDataSet(Path dir, String name, boolean gzip, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder train = new StringBuilder();
        StringBuilder test = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            double base = 0.4 + 0.1 * Math.sin(i / 30.0);
            train.append(String.format(
                    java.util.Locale.ROOT,
                    "%.5f,%.5f,%.5f,0.2%n",
                    base + 0.01 * r.nextDouble(),
                    base * 0.5 + 0.01 * r.nextDouble(),
                    0.3 + 0.02 * r.nextDouble()));
        }
        for (int i = 0; i < 1500; i++) {
            double base = 0.4 + 0.1 * Math.sin((i + 1500) / 30.0);
            boolean incident = i >= 900 && i < 960;
            double c = incident ? 0.9 : 0.3 + 0.02 * r.nextDouble();
            test.append(String.format(
                    java.util.Locale.ROOT,
                    "%.5f,%.5f,%.5f,%s%n",
                    base + 0.01 * r.nextDouble(),
                    base * 0.5 + 0.01 * r.nextDouble(),
                    c,
                    incident ? "0.6" : "0.2"));
            labels.append(incident ? 1 : 0).append('\n');
        }
        for (String part : new String[] {"train", "test", "test_label"}) {
            Files.createDirectories(dir.resolve(part));
        }
        write(dir.resolve("train/" + name + (gzip ? ".txt.gz" : ".txt")), train.toString(), gzip);
        write(dir.resolve("test/" + name + (gzip ? ".txt.gz" : ".txt")), test.toString(), gzip);
        write(dir.resolve("test_label/" + name + ".txt"), labels.toString(), false);
    }

    private static void write(Path p, String text, boolean gzip) throws Exception {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void printsOneLinePerMachineThenASummaryAndWritesTheReport(@TempDir Path dir) throws Exception {
        writeDataSet(dir, "m-1", true, 1);
        writeDataSet(dir, "m-2", false, 2);
        Path report = dir.resolve("report");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int rc;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            rc = new CommandLine(new EvalAnomalyCommand())
                    .execute("--data", dir.toString(), "--trees", "30", "--report", report.toString());
        } finally {
            System.setOut(old);
        }
        assertThat(rc).isZero();
        String[] lines = buf.toString(StandardCharsets.UTF_8).trim().split("\n");
        assertThat(lines).hasSize(3);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(lines[0]).get("machine").asText()).isEqualTo("m-1");
        JsonNode summary = json.readTree(lines[2]);
        assertThat(summary.get("machines").asInt()).isEqualTo(2);
        // the injected incident is obvious: near-perfect ranking
        assertThat(summary.get("roc_auc").asDouble()).isGreaterThan(0.95);
        assertThat(summary.get("f1").asDouble()).isGreaterThan(0.7);
        assertThat(summary.get("attention").get("escalated").asDouble()).isLessThan(0.2);
        JsonNode lomo = summary.get("leave_machines_out");
        assertThat(lomo.get("folds")).hasSize(2);
        for (JsonNode fold : lomo.get("folds")) {
            assertThat(fold.get("selected_on").toString())
                    .isNotEqualTo(fold.get("reported_on").toString());
            assertThat(fold.get("chosen").asText()).isNotEmpty();
        }
        assertThat(lomo.get("machines").asInt()).isEqualTo(2);
        assertThat(lomo.get("roc_auc").asDouble()).isGreaterThan(0.9);
        assertThat(lomo.get("whole_set_roc_auc_per_candidate").size()).isEqualTo(40);
        String html = Files.readString(report.resolve("index.html"));
        assertThat(html).contains("href=\"pages/m-1.html\"", "href=\"pages/m-2.html\"");
        String page = Files.readString(report.resolve("pages/m-1.html"));
        // the injected incident (rows 900..959) is shaded, and metric 3 (the one that jumps) is plotted first
        assertThat(page)
                .contains("<svg", "class=\"threshold\"", "<title>labelled anomaly</title>", "<title>metric 3</title>");
        assertThat(page).containsPattern("<rect x=\"[0-9.]+\" y=\"26\" width=\"3[0-9.]+\"");
    }

    @Test
    void theLstmAutoencoderJoinsTheDetectorThroughOnnx(@TempDir Path dir) throws Exception {
        writeDataSet(dir, "m-1", false, 3);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int rc;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            rc = new CommandLine(new EvalAnomalyCommand())
                    .execute(
                            "--data",
                            dir.toString(),
                            "--trees",
                            "30",
                            "--lstm",
                            "--lstm-epochs",
                            "1",
                            "--weights",
                            "isolation_forest=0.6,lstm_autoencoder=0.4",
                            "--combine",
                            "TAIL");
        } finally {
            System.setOut(old);
        }
        assertThat(rc).isZero();
        String[] lines = buf.toString(StandardCharsets.UTF_8).trim().split("\n");
        JsonNode machine = new ObjectMapper().readTree(lines[0]);
        assertThat(machine.get("components").toString()).contains("isolation_forest", "lstm_autoencoder");
        assertThat(machine.get("missing").size()).isZero();
        assertThat(machine.get("roc_auc").asDouble()).isGreaterThan(0.95);
    }
}
