package io.maximus.hcl.models.failure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees (XGBoost4J) over {@link TrendFeatures}: P(failure in the next 10–30 minutes) per point,
 * an alarm threshold, and for alarms the features that drove the prediction (XGBoost's per-prediction
 * contributions). Trained by XGBoost; scored on the heap by {@link CompiledForest} (XGBoost's JNI single-row path
 * costs far more than the tree walk itself); explained by XGBoost. Create with {@link #train} or load with {@link FailureModelArtifact#load}.
 */
public final class FailurePredictor {

    private final Booster[] boosters;
    private final CompiledForest[] forests;
    private final String[] featureNames;
    private final double threshold;
    private final int topDrivers;

    /** A predictor from a trained booster, its feature names and alarm threshold. */
    public FailurePredictor(Booster booster, String[] featureNames, double threshold, int topDrivers) {
        this(new Booster[] {booster}, featureNames, threshold, topDrivers);
    }

    /**
     * A predictor averaging several boosters (e.g. the models of cross-validation folds, whose out-of-fold scores
     * chose the threshold, so the threshold and the probabilities share one calibration).
     */
    public FailurePredictor(Booster[] boosters, String[] featureNames, double threshold, int topDrivers) {
        this.boosters = boosters.clone();
        this.forests = new CompiledForest[boosters.length];
        try {
            for (int i = 0; i < boosters.length; i++) {
                // explanations are one row: a single thread avoids OpenMP hand-off costs (large on a loaded machine)
                boosters[i].setParam("nthread", 1);
                forests[i] = CompiledForest.of(boosters[i]);
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        }
        this.featureNames = featureNames.clone();
        this.threshold = threshold;
        this.topDrivers = topDrivers;
    }

    /** Default training parameters (documented in the artifact manifest). */
    public static Map<String, Object> defaultParams(int threads) {
        Map<String, Object> p = new HashMap<>();
        p.put("objective", "binary:logistic");
        p.put("eval_metric", "aucpr");
        p.put("max_depth", 4);
        p.put("eta", 0.05);
        p.put("subsample", 0.8);
        p.put("colsample_bytree", 0.5);
        p.put("min_child_weight", 5);
        p.put("tree_method", "hist");
        p.put("seed", 0);
        p.put("nthread", threads);
        p.put("verbosity", 0);
        return p;
    }

    /** Trains a booster on a row-major feature matrix with 0/1 labels. */
    public static Booster train(float[] x, float[] y, int rows, int cols, Map<String, Object> params, int rounds)
            throws XGBoostError {
        DMatrix d = new DMatrix(x, rows, cols, Float.NaN);
        try {
            d.setLabel(y);
            return XGBoost.train(d, params, rounds, new HashMap<>(), null, null);
        } finally {
            d.dispose();
        }
    }

    /** Trains a booster with per-row weights (e.g. to undo negative subsampling). */
    public static Booster trainWeighted(
            float[] x, float[] y, float[] w, int rows, int cols, Map<String, Object> params, int rounds)
            throws XGBoostError {
        DMatrix d = new DMatrix(x, rows, cols, Float.NaN);
        try {
            d.setLabel(y);
            d.setWeight(w);
            return XGBoost.train(d, params, rounds, new HashMap<>(), null, null);
        } finally {
            d.dispose();
        }
    }

    /** Probabilities for a row-major batch. */
    public float[] probabilities(float[] x, int rows) throws XGBoostError {
        float[] out = new float[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = (float) probability(x, i * featureNames.length);
        }
        return out;
    }

    private double probability(float[] x, int offset) {
        double p = 0;
        for (CompiledForest f : forests) {
            p += f.probability(x, offset);
        }
        return p / forests.length;
    }

    /** XGBoost's own probabilities for a batch (JNI), to check the compiled trees against. */
    public float[] xgboostProbabilities(float[] x, int rows) throws XGBoostError {
        float[] out = new float[rows];
        for (Booster b : boosters) {
            float[][] p = b.inplace_predict(x, rows, featureNames.length, Float.NaN);
            for (int i = 0; i < rows; i++) {
                out[i] += p[i][0] / boosters.length;
            }
        }
        return out;
    }

    /** Scores one feature vector; drivers are computed only when it alarms (they cost a tree walk with SHAP). */
    public FailurePrediction predict(float[] features) throws XGBoostError {
        double p = probability(features, 0);
        boolean alarm = p >= threshold;
        return new FailurePrediction(p, alarm, alarm ? drivers(features) : List.of());
    }

    /** The top features by positive contribution to the prediction of one vector. */
    public List<FailurePrediction.Driver> drivers(float[] features) throws XGBoostError {
        DMatrix d = new DMatrix(features, 1, featureNames.length, Float.NaN);
        try {
            float[] c = new float[featureNames.length + 1]; // last element is the bias; averaged over the boosters
            for (Booster b : boosters) {
                float[] cb = b.predictContrib(d, 0)[0];
                for (int i = 0; i < c.length; i++) {
                    c[i] += cb[i] / boosters.length;
                }
            }
            List<FailurePrediction.Driver> all = new ArrayList<>();
            for (int i = 0; i < featureNames.length; i++) {
                if (c[i] > 0) {
                    all.add(new FailurePrediction.Driver(featureNames[i], features[i], c[i]));
                }
            }
            all.sort(Comparator.comparingDouble(FailurePrediction.Driver::contribution)
                    .reversed());
            return all.subList(0, Math.min(topDrivers, all.size()));
        } finally {
            d.dispose();
        }
    }

    /** Alarm threshold on the probability. */
    public double threshold() {
        return threshold;
    }

    /** Feature names in input order. */
    public String[] featureNames() {
        return featureNames.clone();
    }

    /** The compiled (heap) forms of the boosters, in the same order. */
    public CompiledForest[] forests() {
        return forests.clone();
    }

    /** The underlying boosters (for saving). */
    public Booster[] boosters() {
        return boosters.clone();
    }
}
