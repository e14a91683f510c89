package io.maximus.hcl.models.anomaly;

import java.io.Serializable;

/**
 * One pluggable scorer inside the combined detector (Isolation Forest, PCA residual, later the ONNX-served LSTM
 * autoencoder). A component sees standardized rows in time order and scores row {@code t} from
 * {@code rows[t - windowLength() + 1 .. t]} (clamped at 0), higher meaning more anomalous; the detector calibrates
 * and weights it.
 */
public interface AnomalyComponent extends Serializable {

    /** Stable name, used as the key of its weight and of its entry in {@link DetectorScore#components()}. */
    String name();

    /** How many consecutive rows (ending at the scored one) the component reads; 1 for a pure snapshot model. */
    int windowLength();

    /** Fits the component on standardized training rows in time order. */
    void fit(double[][] rows);

    /** Raw score of row {@code t} of {@code rows}, using only rows up to and including t. */
    double score(double[][] rows, int t);

    /** Per-dimension contribution to the score of row t, or null if the component cannot attribute. */
    default double[] attribution(double[][] rows, int t) {
        return null;
    }

    /** Raw scores of rows {@code ts} (each from the rows up to it); a model served in batches overrides this. */
    default double[] scoreBatch(double[][] rows, int[] ts) {
        double[] out = new double[ts.length];
        for (int i = 0; i < ts.length; i++) {
            out[i] = score(rows, ts[i]);
        }
        return out;
    }

    /** Raw scores of every row of a time-ordered matrix. */
    default double[] scoreAll(double[][] rows) {
        double[] out = new double[rows.length];
        for (int t = 0; t < rows.length; t++) {
            out[t] = score(rows, t);
        }
        return out;
    }

    /**
     * Calibrates the component's raw scores to [0, 1] on (standardized, time-ordered) calibration rows, mapping
     * training quantile {@code anchorQuantile} to {@code anchorValue} (see {@link QuantileCalibrator}).
     */
    default QuantileCalibrator calibrate(double[][] rows, double anchorQuantile, double anchorValue) {
        return QuantileCalibrator.fit(scoreAll(rows), anchorQuantile, anchorValue);
    }
}
