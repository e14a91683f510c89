package io.maximus.hcl.models.anomaly.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Training never runs oneDNN's fused RNN primitive, whose AVX-512 kernel computed something other than the LSTM its
 * weights define (issue 10). A child JVM trains and reconstructs with {@code ONEDNN_VERBOSE=1}, which makes oneDNN
 * log every primitive it executes; the log must show no {@code rnn} primitive, and the trained model must agree with
 * the plain-Java reference. Before the fix the same run logged {@code primitive,exec,cpu,rnn} for the forward, the
 * backward and the inference passes.
 */
class LstmKernelPathTest {

    /** The child: trains one epoch on a small model, then prints the largest difference to the reference. */
    public static final class Child {
        public static void main(String[] args) {
            LstmAutoencoderConfig cfg = LstmAutoencoderConfig.defaults().withWindowLength(8).withHiddenSize(16)
                    .withEpochs(1);
            try (DjlLstmAutoencoder djl = new DjlLstmAutoencoder(cfg, 6)) {
                float[] x = OnnxEquivalenceTest.syntheticWindows(64, 9);
                djl.train(x, 64);
                float[] y = djl.reconstruct(x, 8);
                float[] r = new LstmReference(djl.weights()).reconstruct(x, 8);
                System.out.println("max-diff-to-reference " + LstmReference.maxAbsDiff(y, r));
            }
        }
    }

    @Test
    void trainingRunsNoFusedOneDnnRnnKernel() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx512m", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), Child.class.getName()));
        pb.environment().put("ONEDNN_VERBOSE", "1");
        pb.environment().put("DNNL_VERBOSE", "1");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines).as("oneDNN RNN primitives executed").noneMatch(l -> l.startsWith("onednn_verbose")
                && l.contains(",rnn,"));
        String diff = lines.stream().filter(l -> l.startsWith("max-diff-to-reference ")).findFirst().orElseThrow(
                () -> new AssertionError("child printed no result:\n" + out));
        assertThat(Double.parseDouble(diff.substring(diff.indexOf(' ') + 1))).isLessThan(1e-4);
    }
}
