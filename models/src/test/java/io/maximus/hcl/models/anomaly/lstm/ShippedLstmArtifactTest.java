package io.maximus.hcl.models.anomaly.lstm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.models.anomaly.artifact.AnomalyModel;
import io.maximus.hcl.models.anomaly.lstm.LstmAutoencoderConfig.ErrorMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped anomaly artifact's LSTM autoencoders score as they did when they were shipped: each service's
 * {@code model.onnx}, run through ONNX Runtime on fixed seeded windows, gives the window errors recorded in
 * {@code lstm/fleet-20261125-recorded.json} (recorded on 2026-12-06 at commit 438204f, before the issue-10 fix, with
 * {@code -Dhcl.lstm.record=true}); and the plain-Java reference on the weights read back from the file agrees with
 * ONNX Runtime, so the recorded figures are the network's, not one CPU kernel's.
 */
class ShippedLstmArtifactTest {

    static final Path ARTIFACT = Path.of("artifacts/anomaly", AnomalyModel.BUILTIN_VERSION);
    static final Path RECORDED = Path.of("src/test/resources/lstm/fleet-20261125-recorded.json");
    static final int N = 16;

    static List<Path> models() throws IOException {
        try (Stream<Path> s = Files.list(ARTIFACT)) {
            return s.map(p -> p.resolve("lstm/model.onnx")).filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void shippedModelsScoreAsRecordedAndAsTheReference() throws IOException {
        List<Path> models = models();
        assertThat(models).as("LSTM models in %s", ARTIFACT).hasSizeGreaterThanOrEqualTo(5);
        ObjectNode record = Json.MAPPER.createObjectNode();
        JsonNode recorded = Boolean.getBoolean("hcl.lstm.record") ? null : Json.MAPPER.readTree(RECORDED.toFile());
        for (Path model : models) {
            String service = model.getParent().getParent().getFileName().toString();
            byte[] onnx = Files.readAllBytes(model);
            LstmWeights w = OnnxLstmExporter.readWeights(onnx);
            float[] x = LstmReferenceTest.gaussianWindows(N, w.windowLength(), w.inputDim(), 2026);
            float[] errors;
            float[] reconstruction;
            try (OnnxLstmSession ort = new OnnxLstmSession(onnx, w.windowLength(), w.inputDim(), N, 1)) {
                errors = ort.errors(x, N, ErrorMode.WINDOW);
                reconstruction = ort.reconstruct(x, N);
            }
            float[] reference = new LstmReference(w).reconstruct(x, N);
            assertThat(LstmReference.maxAbsDiff(reconstruction, reference))
                    .as("%s: max |ONNX - reference|", service).isLessThan(1e-4);
            if (recorded == null) {
                record.putPOJO(service, errors);
                continue;
            }
            JsonNode expected = recorded.get(service);
            assertThat(expected).as("recorded errors for %s", service).isNotNull();
            assertThat(expected.size()).isEqualTo(N);
            for (int i = 0; i < N; i++) {
                double e = expected.get(i).asDouble();
                assertThat((double) errors[i]).as("%s window %d", service, i).isCloseTo(e,
                        org.assertj.core.api.Assertions.offset(1e-4 * (1 + e)));
            }
        }
        if (recorded == null) {
            Files.createDirectories(RECORDED.getParent());
            Files.writeString(RECORDED, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(record));
        }
    }
}
