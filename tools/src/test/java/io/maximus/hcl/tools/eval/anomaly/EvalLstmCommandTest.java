package io.maximus.hcl.tools.eval.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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

/** {@code hcl eval lstm} on a small data set in the SMD layout (one plain, one gzipped machine). */
class EvalLstmCommandTest {

    @TempDir
    Path data;

    @Test
    void printsOneLinePerMachineAndASummary() throws IOException {
        writeMachine("machine-a", 1, false);
        writeMachine("machine-b", 2, true);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int rc;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            rc = new CommandLine(new EvalLstmCommand())
                    .execute(
                            "--data",
                            data.toString(),
                            "--window",
                            "10",
                            "--hidden",
                            "8",
                            "--epochs",
                            "2",
                            "--max-train-windows",
                            "300",
                            "--lr",
                            "0.005");
        } finally {
            System.setOut(old);
        }
        assertThat(rc).isZero();
        String[] lines = buf.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(3);
        JsonNode a = Json.MAPPER.readTree(lines[0]);
        assertThat(a.get("machine").asText()).isEqualTo("machine-a");
        assertThat(a.get("test_rows").asInt()).isEqualTo(600);
        assertThat(Json.MAPPER.readTree(lines[1]).get("machine").asText()).isEqualTo("machine-b");
        JsonNode summary = Json.MAPPER.readTree(lines[2]);
        assertThat(summary.get("machines").asInt()).isEqualTo(2);
        // The injected anomalies are gross: any working detector ranks them first.
        assertThat(summary.get("roc_auc").asDouble()).isGreaterThan(0.95);
        assertThat(summary.get("pr_auc").asDouble()).isGreaterThan(0.5);
        assertThat(summary.get("f1").asDouble()).isBetween(0.0, 1.0);
    }

    private void writeMachine(String name, long seed, boolean gz) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder train = new StringBuilder();
        StringBuilder test = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            train.append(row(i, rnd, 0)).append('\n');
        }
        for (int i = 0; i < 600; i++) {
            boolean anomalous = i >= 300 && i < 330;
            test.append(row(i, rnd, anomalous ? 1.0 : 0)).append('\n');
            labels.append(anomalous ? "1" : "0").append('\n');
        }
        write(data.resolve("train"), name, train.toString(), gz);
        write(data.resolve("test"), name, test.toString(), gz);
        write(data.resolve("test_label"), name, labels.toString(), gz);
    }

    private static String row(int i, SplittableRandom rnd, double shift) {
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < 4; j++) {
            double v = 0.5 + 0.2 * Math.sin(i / 9.0 + j) + 0.02 * rnd.nextGaussian() + (j == 1 ? shift : 0);
            b.append(j == 0 ? "" : ",").append(v);
        }
        return b.toString();
    }

    private static void write(Path dir, String name, String text, boolean gz) throws IOException {
        Files.createDirectories(dir);
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        if (gz) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(name + ".txt.gz")))) {
                out.write(bytes);
            }
        } else {
            Files.write(dir.resolve(name + ".txt"), bytes);
        }
    }
}
