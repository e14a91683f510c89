package io.maximus.hcl.tools.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.models.anomaly.lstm.LstmArtifact;
import io.maximus.hcl.tools.bench.BenchLstmCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hcl train lstm} and {@code hcl bench lstm} end to end, on small inputs. */
class LstmCommandsTest {

    @TempDir
    Path tmp;

    @Test
    void trainWritesALoadableArtifactAndBenchMeasuresIt() throws IOException {
        SplittableRandom rnd = new SplittableRandom(4);
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            csv.append(Math.sin(i / 5.0))
                    .append(',')
                    .append(Math.cos(i / 5.0))
                    .append(',')
                    .append(0.1 * rnd.nextGaussian())
                    .append('\n');
        }
        Path train = tmp.resolve("train.csv");
        Files.writeString(train, csv);

        String[] out = run(
                new TrainLstmCommand(),
                "--train",
                train.toString(),
                "--out",
                tmp.resolve("m").toString(),
                "--version",
                "v7",
                "--window",
                "6",
                "--hidden",
                "4",
                "--epochs",
                "1");
        assertThat(out).hasSize(1);
        JsonNode line = Json.MAPPER.readTree(out[0]);
        assertThat(line.get("model_version").asText()).isEqualTo("v7");
        assertThat(line.get("input_dim").asInt()).isEqualTo(3);
        assertThat(line.get("rows").asInt()).isEqualTo(400);
        Path dir = tmp.resolve("m").resolve("v7");
        assertThat(LstmArtifact.load(dir, new LstmArtifact.Expected("v7", 3, 6))
                        .manifest()
                        .trainingDataSha256())
                .isEqualTo(line.get("training_data_sha256").asText());

        String[] bench = run(new BenchLstmCommand(), "--model", dir.toString(), "--batches", "1,8", "--seconds", "0.2");
        assertThat(bench).hasSize(2);
        for (String b : bench) {
            JsonNode n = Json.MAPPER.readTree(b);
            assertThat(n.get("windows_per_s").asLong()).isPositive();
            assertThat(n.get("window").asInt()).isEqualTo(6);
            assertThat(n.get("check").asBoolean()).isTrue();
        }
        assertThat(Json.MAPPER.readTree(bench[1]).get("batch").asInt()).isEqualTo(8);
    }

    private static String[] run(Callable<Integer> command, String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int rc;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            rc = new CommandLine(command).execute(args);
        } finally {
            System.setOut(old);
        }
        assertThat(rc).isZero();
        return buf.toString(StandardCharsets.UTF_8).strip().split("\n");
    }
}
