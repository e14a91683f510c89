package io.maximus.hcl.models.failure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A trained XGBoost tree ensemble flattened into arrays for per-point scoring on the JVM heap. XGBoost4J's own
 * single-row prediction goes through JNI and builds a prediction proxy per call (hundreds of microseconds to
 * milliseconds per row); walking 300 depth-4 trees in Java costs a few microseconds. Built from the booster's JSON
 * dump and its base score; a test checks it matches XGBoost's predictions. Serializable, and written to and read from
 * a small binary form ({@link #write}, {@link #read}), so the streaming job scores without XGBoost's natives.
 * Per-prediction contributions ({@link #contributions}) follow the decision path (Saabas: each split adds the change
 * of the cover-weighted expected value to its feature), which is what XGBoost's {@code approx_contribs} computes;
 * they sum to the margin.
 */
public final class CompiledForest implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAGIC = 0x48434C46; // "HCLF"

    private final int[] roots;
    private final int[] feature; // -1 for a leaf
    private final float[] threshold;
    private final int[] yes;
    private final int[] no;
    private final int[] missing;
    private final float[] leaf; // the leaf value; for a split, the cover-weighted mean of the leaves below
    private final double baseMargin;

    private CompiledForest(
            int[] roots,
            int[] feature,
            float[] threshold,
            int[] yes,
            int[] no,
            int[] missing,
            float[] leaf,
            double baseMargin) {
        this.roots = roots;
        this.feature = feature;
        this.threshold = threshold;
        this.yes = yes;
        this.no = no;
        this.missing = missing;
        this.leaf = leaf;
        this.baseMargin = baseMargin;
    }

    /** Number of trees. */
    public int trees() {
        return roots.length;
    }

    /** Writes the forest in its binary form. */
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeDouble(baseMargin);
        out.writeInt(roots.length);
        for (int r : roots) {
            out.writeInt(r);
        }
        out.writeInt(feature.length);
        for (int i = 0; i < feature.length; i++) {
            out.writeInt(feature[i]);
            out.writeFloat(threshold[i]);
            out.writeInt(yes[i]);
            out.writeInt(no[i]);
            out.writeInt(missing[i]);
            out.writeFloat(leaf[i]);
        }
    }

    /** Reads a forest written by {@link #write}; refuses anything else. */
    public static CompiledForest read(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not a compiled forest (bad magic number)");
        }
        double baseMargin = in.readDouble();
        int[] roots = new int[in.readInt()];
        for (int i = 0; i < roots.length; i++) {
            roots[i] = in.readInt();
        }
        int n = in.readInt();
        int[] feature = new int[n];
        float[] threshold = new float[n];
        int[] yes = new int[n];
        int[] no = new int[n];
        int[] missing = new int[n];
        float[] leaf = new float[n];
        for (int i = 0; i < n; i++) {
            feature[i] = in.readInt();
            threshold[i] = in.readFloat();
            yes[i] = in.readInt();
            no[i] = in.readInt();
            missing[i] = in.readInt();
            leaf[i] = in.readFloat();
            if (feature[i] >= 0 && (yes[i] >= n || no[i] >= n || missing[i] >= n || yes[i] < 0 || no[i] < 0)) {
                throw new IOException("compiled forest is corrupt: node " + i + " points outside the forest");
            }
        }
        return new CompiledForest(roots, feature, threshold, yes, no, missing, leaf, baseMargin);
    }

    /** Compiles a binary:logistic booster. */
    public static CompiledForest of(Booster booster) throws XGBoostError {
        try {
            JsonNode model = MAPPER.readTree(booster.toByteArray("json"));
            double baseScore = Double.parseDouble(model.path("learner")
                    .path("learner_model_param")
                    .path("base_score")
                    .asText("0.5"));
            double baseMargin = Math.log(baseScore / (1 - baseScore));
            String[] dumps = booster.getModelDump((String) null, true, "json");
            List<JsonNode> trees = new ArrayList<>();
            int total = 0;
            for (String d : dumps) {
                JsonNode t = MAPPER.readTree(d);
                trees.add(t);
                total += countNodes(t);
            }
            int[] roots = new int[trees.size()];
            int[] feature = new int[total];
            float[] threshold = new float[total];
            int[] yes = new int[total];
            int[] no = new int[total];
            int[] missing = new int[total];
            float[] leaf = new float[total];
            int offset = 0;
            for (int i = 0; i < trees.size(); i++) {
                roots[i] = offset;
                int n = countNodes(trees.get(i));
                fill(trees.get(i), offset, feature, threshold, yes, no, missing, leaf);
                offset += n;
            }
            return new CompiledForest(roots, feature, threshold, yes, no, missing, leaf, baseMargin);
        } catch (IOException e) {
            throw new IllegalStateException("cannot compile XGBoost model: " + e.getMessage(), e);
        }
    }

    private static int countNodes(JsonNode n) {
        int c = 1;
        for (JsonNode ch : n.path("children")) {
            c += countNodes(ch);
        }
        return c;
    }

    /** Fills the node arrays; returns the node's cover-weighted expected value. */
    private static double fill(
            JsonNode n, int off, int[] feature, float[] threshold, int[] yes, int[] no, int[] missing, float[] leaf) {
        int id = off + n.path("nodeid").asInt();
        if (n.has("leaf")) {
            feature[id] = -1;
            leaf[id] = (float) n.path("leaf").asDouble();
            return leaf[id];
        }
        feature[id] = Integer.parseInt(n.path("split").asText().substring(1)); // "f12"
        threshold[id] = (float) n.path("split_condition").asDouble();
        yes[id] = off + n.path("yes").asInt();
        no[id] = off + n.path("no").asInt();
        missing[id] = off + n.path("missing").asInt();
        double sum = 0;
        double cover = 0;
        for (JsonNode ch : n.path("children")) {
            double c = ch.path("cover").asDouble(1);
            sum += c * fill(ch, off, feature, threshold, yes, no, missing, leaf);
            cover += c;
        }
        leaf[id] = (float) (cover > 0 ? sum / cover : 0);
        return leaf[id];
    }

    /**
     * Adds each feature's path contribution (log-odds) for one row to {@code out[0..features)}; returns the bias (the
     * base margin plus every tree's root expectation). Bias plus the contributions is the margin.
     */
    public double contributions(float[] x, int offset, double[] out) {
        double bias = baseMargin;
        for (int root : roots) {
            int n = root;
            bias += leaf[n];
            while (feature[n] >= 0) {
                float v = x[offset + feature[n]];
                int next = Float.isNaN(v) ? missing[n] : (v < threshold[n] ? yes[n] : no[n]);
                out[feature[n]] += leaf[next] - leaf[n];
                n = next;
            }
        }
        return bias;
    }

    /** Raw margin (log-odds) of one row. */
    public double margin(float[] x, int offset) {
        double s = baseMargin;
        for (int root : roots) {
            int n = root;
            while (feature[n] >= 0) {
                float v = x[offset + feature[n]];
                n = Float.isNaN(v) ? missing[n] : (v < threshold[n] ? yes[n] : no[n]);
            }
            s += leaf[n];
        }
        return s;
    }

    /** Probability of one row. */
    public double probability(float[] x, int offset) {
        return 1 / (1 + Math.exp(-margin(x, offset)));
    }
}
