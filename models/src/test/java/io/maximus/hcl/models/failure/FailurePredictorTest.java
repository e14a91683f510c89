package io.maximus.hcl.models.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailurePredictorTest {

    private static final String[] METRICS = {"cpu", "memory", "error_rate", "disk_latency"};
    private static final TrendFeatures TF = new TrendFeatures(METRICS, 10, 60);
    private static FailurePredictor predictor;

    /** Healthy hosts wander; doomed ones leak memory for the last 30 points before failing. */
    private static float[] featuresOf(Random rnd, boolean leaking) {
        MetricWindow w = TF.newWindow(new double[] {0.5, 0.5, 0.01, 0.2}, new double[] {0.1, 0.1, 0.01, 0.05});
        double mem = 0.5 + 0.05 * rnd.nextGaussian();
        for (int t = 0; t < 60; t++) {
            if (leaking && t >= 30) {
                mem += 0.012;
            }
            w.add(new double[] {
                0.5 + 0.1 * rnd.nextGaussian(),
                mem + 0.01 * rnd.nextGaussian(),
                0.01 + 0.01 * rnd.nextGaussian(),
                0.2 + 0.05 * rnd.nextGaussian()
            });
        }
        float[] f = new float[TF.size()];
        TF.compute(w, f, 0);
        return f;
    }

    @BeforeAll
    static void trainOnSyntheticLeaks() throws Exception {
        Random rnd = new Random(1);
        int n = 2000;
        float[] x = new float[n * TF.size()];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            boolean leak = i % 10 == 0;
            System.arraycopy(featuresOf(rnd, leak), 0, x, i * TF.size(), TF.size());
            y[i] = leak ? 1 : 0;
        }
        Map<String, Object> params = FailurePredictor.defaultParams(1);
        predictor = new FailurePredictor(FailurePredictor.train(x, y, n, TF.size(), params, 50), TF.names(), 0.5, 3);
    }

    @Test
    void compiledTreesMatchXgboost() throws Exception {
        Random rnd = new Random(12);
        int rows = 500;
        float[] x = new float[rows * TF.size()];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(featuresOf(rnd, i % 3 == 0), 0, x, i * TF.size(), TF.size());
        }
        x[5] = Float.NaN; // a missing value takes the default branch
        float[] ours = predictor.probabilities(x, rows);
        float[] theirs = predictor.xgboostProbabilities(x, rows);
        for (int i = 0; i < rows; i++) {
            assertThat(ours[i]).as("row %d", i).isCloseTo(theirs[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void featuresSeeTheLeakAsAMemorySlope() {
        float[] f = featuresOf(new Random(9), true);
        int slopeLong = Arrays.asList(TF.names()).indexOf("memory.slope_long");
        assertThat(f[slopeLong]).isGreaterThan(0.05f);
        float[] g = featuresOf(new Random(9), false);
        assertThat(Math.abs(g[slopeLong])).isLessThan(0.02f);
    }

    @Test
    void predictsTheLeakAndNamesMemoryAsTheDriver() throws Exception {
        Random rnd = new Random(77);
        int hits = 0;
        int falseAlarms = 0;
        for (int i = 0; i < 100; i++) {
            FailurePrediction p = predictor.predict(featuresOf(rnd, true));
            if (p.alarm()) {
                hits++;
                assertThat(p.drivers()).isNotEmpty();
                assertThat(p.drivers().get(0).feature()).startsWith("memory.");
            }
            if (predictor.predict(featuresOf(rnd, false)).alarm()) {
                falseAlarms++;
            }
        }
        assertThat(hits).isGreaterThan(90);
        assertThat(falseAlarms).isLessThan(5);
    }

    @Test
    void artifactRoundTripsAndRefusesTamperingOrAnotherSchema(@TempDir Path dir) throws Exception {
        FailureModelArtifact.save(dir, predictor, "test-1", "abc", Map.of("max_depth", 4), Map.of("f1", 1.0));
        FailurePredictor loaded = FailureModelArtifact.load(dir, TF.names(), 3);
        float[] f = featuresOf(new Random(5), true);
        assertThat(loaded.predict(f).probability())
                .isEqualTo(predictor.predict(f).probability());
        assertThat(loaded.threshold()).isEqualTo(0.5);

        String[] other = Arrays.copyOf(TF.names(), TF.size() - 1);
        assertThatThrownBy(() -> FailureModelArtifact.load(dir, other, 3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("differ");

        Files.write(dir.resolve("model-0.ubj"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> FailureModelArtifact.load(dir, TF.names(), 3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not match its manifest");

        Files.delete(dir.resolve("model-0.ubj"));
        assertThatThrownBy(() -> FailureModelArtifact.load(dir, TF.names(), 3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> FailureModelArtifact.load(dir.resolve("nowhere"), TF.names(), 3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no manifest.json");
    }

    @Test
    void committedSmdArtifactLoadsWithTheSmdFeatureSchema() throws Exception {
        Path dir = Path.of("artifacts/failure-smd");
        String[] names = new String[38];
        for (int i = 0; i < 38; i++) {
            names[i] = "m" + (i + 1);
        }
        TrendFeatures smd = new TrendFeatures(names, 10, 60);
        FailurePredictor p = FailureModelArtifact.load(dir, smd.names(), 5);
        assertThat(p.threshold()).isBetween(0.0, 1.0);
        MetricWindow w = smd.newWindow(new double[38], filled(38, 0.1));
        for (int t = 0; t < 60; t++) {
            w.add(filled(38, t < 40 ? 0.1 : 0.1 + 0.05 * (t - 40)));
        }
        float[] f = new float[smd.size()];
        smd.compute(w, f, 0);
        assertThat(p.predict(f).probability()).isBetween(0.0, 1.0);
        // the heap-compiled trees agree with XGBoost on this real model too
        Random rnd = new Random(4);
        float[] x = new float[200 * smd.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextGaussian() * 3);
        }
        float[] ours = p.probabilities(x, 200);
        float[] theirs = p.xgboostProbabilities(x, 200);
        for (int i = 0; i < 200; i++) {
            assertThat(ours[i]).isCloseTo(theirs[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
