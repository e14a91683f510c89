package io.maximus.hcl.models.attention;

import java.io.Serializable;

/**
 * One key's peripheral statistics: per-metric EWMA of the value, of its absolute deviation (a streaming stand-in
 * for the median/MAD pair) and of the absolute first difference; EWMAs of the vector's entropy and volume; and a
 * streaming estimate of a high quantile of the key's own salience. A plain serializable POJO with no hidden state,
 * so a keyed operator can keep it in state; {@link PeripheralMonitor#update} is its only mutator.
 */
public final class PeripheralState implements Serializable {

    private static final long serialVersionUID = 1L;

    long count;
    double[] mean;
    double[] absDev;
    double[] last;
    double[] absDelta;
    double entropyMean;
    double entropyDev;
    double volumeMean;
    double volumeDev;
    double salienceQuantile;
    double salienceScale;
    double salienceEwma;

    // explanation of the last update (no allocation on the hot path)
    double lastSalience;
    double lastLevelZ;
    double lastRateZ;
    double lastEntropyZ;
    double lastVolumeZ;
    int lastTopMetric = -1;

    /** An empty state for snapshots of {@code dims} metrics. */
    public PeripheralState(int dims) {
        mean = new double[dims];
        absDev = new double[dims];
        last = new double[dims];
        absDelta = new double[dims];
    }

    /** No-argument constructor for serializers. */
    public PeripheralState() {
        this(0);
    }

    /** A deep copy (e.g. of a trained prior, to warm-start a new key). */
    public PeripheralState copy() {
        PeripheralState c = new PeripheralState(0);
        c.count = count;
        c.mean = mean.clone();
        c.absDev = absDev.clone();
        c.last = last.clone();
        c.absDelta = absDelta.clone();
        c.entropyMean = entropyMean;
        c.entropyDev = entropyDev;
        c.volumeMean = volumeMean;
        c.volumeDev = volumeDev;
        c.salienceQuantile = salienceQuantile;
        c.salienceScale = salienceScale;
        c.salienceEwma = salienceEwma;
        c.lastSalience = lastSalience;
        c.lastLevelZ = lastLevelZ;
        c.lastRateZ = lastRateZ;
        c.lastEntropyZ = lastEntropyZ;
        c.lastVolumeZ = lastVolumeZ;
        c.lastTopMetric = lastTopMetric;
        return c;
    }

    /** Snapshots seen. */
    public long count() {
        return count;
    }

    /** The salience of the last snapshot. */
    public double lastSalience() {
        return lastSalience;
    }

    /** Largest per-metric level z-score of the last snapshot. */
    public double lastLevelZ() {
        return lastLevelZ;
    }

    /** Largest per-metric rate-of-change z-score of the last snapshot. */
    public double lastRateZ() {
        return lastRateZ;
    }

    /** Entropy z-score of the last snapshot. */
    public double lastEntropyZ() {
        return lastEntropyZ;
    }

    /** Volume z-score of the last snapshot. */
    public double lastVolumeZ() {
        return lastVolumeZ;
    }

    /** Index of the metric with the largest level z-score in the last snapshot, -1 before any. */
    public int lastTopMetric() {
        return lastTopMetric;
    }

    /** Current estimate of the key's high salience quantile (the adaptive escalation level). */
    public double salienceQuantile() {
        return salienceQuantile;
    }

    /** Number of metrics per snapshot. */
    public int dimensions() {
        return mean.length;
    }
}
