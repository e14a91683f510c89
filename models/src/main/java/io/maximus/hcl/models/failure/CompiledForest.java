package io.maximus.hcl.models.failure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A trained XGBoost tree ensemble flattened into arrays for per-point scoring on the JVM heap. XGBoost4J's own
 * single-row prediction goes through JNI and builds a prediction proxy per call (hundreds of microseconds to
 * milliseconds per row); walking 300 depth-4 trees in Java costs a few microseconds. Built from the booster's JSON
 * dump and its base score; a test checks it matches XGBoost's predictions.
 */
final class CompiledForest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final int[] roots;
  private final int[] feature; // -1 for a leaf
  private final float[] threshold;
  private final int[] yes;
  private final int[] no;
  private final int[] missing;
  private final float[] leaf;
  private final double baseMargin;

  private CompiledForest(int[] roots, int[] feature, float[] threshold, int[] yes, int[] no, int[] missing,
                         float[] leaf, double baseMargin) {
    this.roots = roots;
    this.feature = feature;
    this.threshold = threshold;
    this.yes = yes;
    this.no = no;
    this.missing = missing;
    this.leaf = leaf;
    this.baseMargin = baseMargin;
  }

  /** Compiles a binary:logistic booster. */
  static CompiledForest of(Booster booster) throws XGBoostError {
    try {
      JsonNode model = MAPPER.readTree(booster.toByteArray("json"));
      double baseScore = Double.parseDouble(
          model.path("learner").path("learner_model_param").path("base_score").asText("0.5"));
      double baseMargin = Math.log(baseScore / (1 - baseScore));
      String[] dumps = booster.getModelDump((String) null, false, "json");
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

  private static void fill(JsonNode n, int off, int[] feature, float[] threshold, int[] yes, int[] no,
                           int[] missing, float[] leaf) {
    int id = off + n.path("nodeid").asInt();
    if (n.has("leaf")) {
      feature[id] = -1;
      leaf[id] = (float) n.path("leaf").asDouble();
      return;
    }
    feature[id] = Integer.parseInt(n.path("split").asText().substring(1)); // "f12"
    threshold[id] = (float) n.path("split_condition").asDouble();
    yes[id] = off + n.path("yes").asInt();
    no[id] = off + n.path("no").asInt();
    missing[id] = off + n.path("missing").asInt();
    for (JsonNode ch : n.path("children")) {
      fill(ch, off, feature, threshold, yes, no, missing, leaf);
    }
  }

  /** Raw margin (log-odds) of one row. */
  double margin(float[] x, int offset) {
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
  double probability(float[] x, int offset) {
    return 1 / (1 + Math.exp(-margin(x, offset)));
  }
}
