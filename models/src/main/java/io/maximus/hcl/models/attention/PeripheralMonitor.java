package io.maximus.hcl.models.attention;

import java.io.Serializable;

/**
 * The cheap tier of the attention system: on every snapshot of every key, in O(metrics) with no allocation, it
 * updates the key's {@link PeripheralState} and returns a salience score built from four robust z-scores: per-metric
 * level deviation and per-metric rate of change (combined as a root mean square over metrics), change of the vector's
 * entropy (R&eacute;nyi order 2, which needs one logarithm instead of one per metric) and change of its volume (sum of
 * absolute values). The salience is smoothed with an EWMA (weight 0.2) like the detector's score.
 */
public final class PeripheralMonitor implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Mean absolute deviation of a normal variable is 0.7979 sigma; dividing by it gives z-score units. */
    private static final double MAD_TO_SIGMA = 1.0 / 0.7979;

    private final double alpha;
    private final double floor;
    private final double quantile;
    private final double quantileRate;
    private final double smoothing = 0.2;

    /**
     * A monitor.
     *
     * @param alpha EWMA weight of the newest snapshot (e.g. 0.001: memory of about 1000 snapshots)
     * @param floor smallest deviation scale per metric, in the metric's units (guards constant metrics)
     * @param quantile salience quantile tracked per key as its adaptive escalation level (e.g. 0.96)
     * @param quantileRate step size of the streaming quantile estimate (e.g. 0.002)
     */
    public PeripheralMonitor(double alpha, double floor, double quantile, double quantileRate) {
        this.alpha = alpha;
        this.floor = floor;
        this.quantile = quantile;
        this.quantileRate = quantileRate;
    }

    /** Defaults (chosen on three SMD machines): alpha 0.001, floor 1e-2, 96% quantile, rate 0.002. */
    public static PeripheralMonitor defaults() {
        return new PeripheralMonitor(0.001, 1e-2, 0.96, 0.002);
    }

    /** Updates the key's state with one snapshot and returns its salience (0 for the first snapshot). */
    public double update(PeripheralState s, double[] x) {
        return update(s, x, true);
    }

    /**
     * Scores one snapshot; with {@code learn} false (e.g. while the foveal stage says the key is anomalous) the
     * baselines and the escalation level stay frozen, so an incident is not learned as the new normal.
     */
    public double update(PeripheralState s, double[] x, boolean learn) {
        int d = x.length;
        if (s.mean.length != d) {
            throw new IllegalArgumentException("state has " + s.mean.length + " metrics, snapshot " + d);
        }
        if (s.count == 0) {
            System.arraycopy(x, 0, s.mean, 0, d);
            System.arraycopy(x, 0, s.last, 0, d);
            double vol = 0;
            double sq = 0;
            for (double v : x) {
                vol += Math.abs(v);
                sq += v * v;
            }
            s.volumeMean = vol;
            s.entropyMean = entropy(vol, sq);
            s.count = 1;
            s.lastSalience = 0;
            return 0;
        }
        double a = learn ? alpha : 0.0;
        double levelZ = 0;
        double levelSq = 0;
        double rateSq = 0;
        double rateZ = 0;
        int top = 0;
        double vol = 0;
        double sq = 0;
        double[] mean = s.mean;
        double[] dev = s.absDev;
        double[] last = s.last;
        double[] dd = s.absDelta;
        for (int j = 0; j < d; j++) {
            double v = x[j];
            double e = v - mean[j];
            double ae = Math.abs(e);
            double z = ae / Math.max(dev[j] * MAD_TO_SIGMA, floor);
            levelSq += z * z;
            if (z > levelZ) {
                levelZ = z;
                top = j;
            }
            double delta = Math.abs(v - last[j]);
            double rz = delta / Math.max(dd[j] * MAD_TO_SIGMA, floor);
            rateSq += rz * rz;
            if (rz > rateZ) {
                rateZ = rz;
            }
            mean[j] += a * e;
            dev[j] += a * (ae - dev[j]);
            dd[j] += a * (delta - dd[j]);
            last[j] = v;
            vol += Math.abs(v);
            sq += v * v;
        }
        double h = entropy(vol, sq);
        double he = Math.abs(h - s.entropyMean);
        double entropyZ = he / Math.max(s.entropyDev * MAD_TO_SIGMA, 1e-3);
        s.entropyMean += a * (h - s.entropyMean);
        s.entropyDev += a * (he - s.entropyDev);
        double ve = Math.abs(vol - s.volumeMean);
        double volumeZ = ve / Math.max(s.volumeDev * MAD_TO_SIGMA, floor);
        s.volumeMean += a * (vol - s.volumeMean);
        s.volumeDev += a * (ve - s.volumeDev);

        // root mean square of the per-metric level and rate z-scores (measured on SMD: a far better ranking of
        // anomalous rows than the maximum), or a third of the entropy or volume z-score if that is larger
        double instant = Math.max(Math.sqrt((levelSq + rateSq) / (2 * d)), Math.max(entropyZ, volumeZ) / 3);
        // smoothed like the detector's score, so one-row spikes do not escalate but sustained deviations do
        s.salienceEwma = s.count == 1 ? instant : s.salienceEwma + smoothing * (instant - s.salienceEwma);
        double salience = s.salienceEwma;
        // frugal streaming quantile: steps up by q, down by (1 - q), scaled by the salience's typical size
        s.salienceScale += (s.count == 1 ? 1 : a) * (salience - s.salienceScale);
        double step = learn ? quantileRate * Math.max(s.salienceScale, 1e-9) : 0.0;
        s.salienceQuantile += salience > s.salienceQuantile ? step * quantile : -step * (1 - quantile);
        s.count++;
        s.lastSalience = salience;
        s.lastLevelZ = levelZ;
        s.lastRateZ = rateZ;
        s.lastEntropyZ = entropyZ;
        s.lastVolumeZ = volumeZ;
        s.lastTopMetric = top;
        return salience;
    }

    /** R&eacute;nyi entropy of order 2 of the distribution |x_j| / sum|x|: 2 ln(sum|x|) - ln(sum x^2). */
    static double entropy(double volume, double sumSquares) {
        if (volume <= 0 || sumSquares <= 0) {
            return 0;
        }
        return Math.log(volume * volume / sumSquares);
    }
}
