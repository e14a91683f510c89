package io.maximus.hcl.tools.eval.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.models.anomaly.AnomalyDetector;
import io.maximus.hcl.models.anomaly.artifact.AnomalyModelTrainer;
import io.maximus.hcl.models.anomaly.artifact.TrainingData;
import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** hcl eval attention: runs a trained anomaly artifact behind both attention tiers over telemetry JSONL. */
class EvalAttentionCommandTest {

    /** Two services of two hosts, 15 s apart, a slow cycle with noise. */
    static List<String> telemetry(int perHost, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < perHost; i++) {
            for (String svc : new String[] {"checkout", "search"}) {
                for (int h = 1; h <= 2; h++) {
                    double load = 40 + 15 * Math.sin(i / 60.0) + 2 * rnd.nextGaussian();
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("cpu_usage", load);
                    m.put("error_rate", Math.abs(0.05 + 0.01 * rnd.nextGaussian()));
                    m.put("latency_p99", 80 + 0.8 * load + 3 * rnd.nextGaussian());
                    m.put("memory_usage", 55 + rnd.nextGaussian());
                    Map<String, Object> rec = new LinkedHashMap<>();
                    rec.put("timestamp", 1_772_409_600_000L + i * 15_000L);
                    rec.put("host", svc + "-" + h);
                    rec.put("service", svc);
                    rec.put("metrics", m);
                    lines.add(Json.write(rec));
                }
            }
        }
        return lines;
    }

    @Test
    void runsTheArtifactBehindAttention(@TempDir Path root) throws Exception {
        Path in = root.resolve("in");
        Files.createDirectories(in);
        Files.write(in.resolve("fleet.jsonl"), telemetry(400, 11));
        AnomalyModelTrainer.Config d = AnomalyModelTrainer.Config.defaults();
        LstmAutoencoderConfig lstm = LstmAutoencoderConfig.defaults()
                .withWindowLength(5)
                .withHiddenSize(8)
                .withEpochs(1)
                .withMaxTrainWindows(200);
        AnomalyModelTrainer.Config config = new AnomalyModelTrainer.Config(
                30, 64, true, 0.95, 0.01, d.weights(), 0.85, 0.99, 0.2, 3L, lstm, AnomalyDetector.Combination.TAIL);
        Path dir = new AnomalyModelTrainer(config)
                .trainAndWrite(TrainingData.read(in), root.resolve("models"), "test-anomaly-v1");

        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int rc;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            rc = new CommandLine(new EvalAttentionCommand())
                    .execute("--telemetry", in.resolve("fleet.jsonl").toString(), "--model", dir.toString());
        } finally {
            System.setOut(old);
        }
        assertThat(rc).isZero();
        var line = Json.MAPPER.readTree(buf.toString(StandardCharsets.UTF_8).trim());
        assertThat(line.get("snapshots").asLong()).isEqualTo(1600);
        assertThat(line.get("scored_by_model").asLong()).isEqualTo(1600);
        // the peripheral prior from training keeps a new key from escalating everything
        assertThat(line.get("escalated").asDouble()).isBetween(0.0, 0.3);
        assertThat(line.get("foveal_us").asDouble())
                .isGreaterThan(line.get("peripheral_us").asDouble());
    }
}
