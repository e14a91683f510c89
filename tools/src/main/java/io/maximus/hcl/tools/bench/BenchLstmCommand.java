package io.maximus.hcl.tools.bench;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.models.anomaly.lstm.LstmArtifact;
import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig.Architecture;
import io.maximus.hcl.models.anomaly.lstm.LstmWeights;
import io.maximus.hcl.models.anomaly.lstm.OnnxLstmExporter;
import io.maximus.hcl.models.anomaly.lstm.OnnxLstmSession;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hcl bench lstm}: windows scored per second by ONNX Runtime at several batch sizes, on a trained artifact
 * or on a model of the same shape with random weights (speed does not depend on the weight values).
 *
 * <p>A plain timing loop rather than JMH: each measured call is a native ONNX Runtime call of 50 µs or more, far
 * above the JIT and timer effects JMH guards against; warm-up runs first, then calls are timed for a fixed span.
 */
@Command(
        name = "lstm",
        mixinStandardHelpOptions = true,
        description = "ONNX Runtime throughput of the LSTM autoencoder: one JSON line per batch size"
                + " {\"batch\", \"windows_per_s\", \"us_per_call\", \"us_per_window\"}.")
public final class BenchLstmCommand implements Callable<Integer> {

    @Option(names = "--model", description = "Artifact directory to measure (default: random weights).")
    Path model;

    @Option(names = "--window", description = "Window length without --model (default: ${DEFAULT-VALUE}).")
    int window = 20;

    @Option(names = "--dim", description = "Metrics per step without --model (default: ${DEFAULT-VALUE}, SMD).")
    int dim = 38;

    @Option(names = "--hidden", description = "Hidden units without --model (default: ${DEFAULT-VALUE}).")
    int hidden = 32;

    @Option(names = "--architecture", description = "SEED or REPEAT without --model (default: ${DEFAULT-VALUE}).")
    Architecture architecture = Architecture.REPEAT;

    @Option(names = "--batches", split = ",", description = "Batch sizes (default: 1,8,64,256).")
    List<Integer> batches = List.of(1, 8, 64, 256);

    @Option(names = "--seconds", description = "Measured seconds per batch size (default: ${DEFAULT-VALUE}).")
    double seconds = 3;

    @Option(names = "--threads", description = "ONNX Runtime intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads = 1;

    /** Runs the command standalone (the {@code hcl} launcher registers it as {@code bench lstm}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchLstmCommand()).execute(args));
    }

    @Override
    public Integer call() {
        byte[] onnx;
        int t;
        int d;
        if (model != null) {
            LstmArtifact a = LstmArtifact.load(model, LstmArtifact.Expected.any());
            onnx = a.onnx();
            t = a.manifest().windowLength();
            d = a.manifest().inputDim();
        } else {
            onnx = OnnxLstmExporter.export(LstmWeights.random(architecture, dim, window, hidden, 7), "bench");
            t = window;
            d = dim;
        }
        int maxBatch = batches.stream().mapToInt(Integer::intValue).max().orElse(1);
        SplittableRandom rnd = new SplittableRandom(11);
        float[] x = new float[maxBatch * t * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        try (OnnxLstmSession s = new OnnxLstmSession(onnx, t, d, maxBatch, threads)) {
            for (int b : batches) {
                long warmEnd = System.nanoTime() + 500_000_000L;
                while (System.nanoTime() < warmEnd) {
                    s.errors(x, b);
                }
                long calls = 0;
                long start = System.nanoTime();
                long end = start + (long) (seconds * 1e9);
                long now;
                float sink = 0;
                do {
                    sink += s.errors(x, b)[0];
                    calls++;
                    now = System.nanoTime();
                } while (now < end);
                double elapsed = (now - start) / 1e9;
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("batch", b);
                line.put("window", t);
                line.put("dim", d);
                line.put("threads", threads);
                line.put("windows_per_s", Math.round(calls * b / elapsed));
                line.put("us_per_call", Math.round(elapsed / calls * 1e7) / 10.0);
                line.put("us_per_window", Math.round(elapsed / calls / b * 1e7) / 10.0);
                line.put("check", Float.isFinite(sink));
                System.out.println(Json.write(line));
            }
        }
        return 0;
    }
}
