package io.maximus.hcl.models.attention;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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

    /**
     * Writes every field: the format of the Flink state serializer in {@code operators.types}, read back by
     * {@link #readFrom}. A change here needs a new serializer version.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(count);
        writeArray(out, mean);
        writeArray(out, absDev);
        writeArray(out, last);
        writeArray(out, absDelta);
        for (double v : new double[] {
            entropyMean,
            entropyDev,
            volumeMean,
            volumeDev,
            salienceQuantile,
            salienceScale,
            salienceEwma,
            lastSalience,
            lastLevelZ,
            lastRateZ,
            lastEntropyZ,
            lastVolumeZ
        }) {
            out.writeDouble(v);
        }
        out.writeInt(lastTopMetric);
    }

    /** Reads a state written by {@link #writeTo}. */
    public static PeripheralState readFrom(DataInput in) throws IOException {
        PeripheralState s = new PeripheralState(0);
        s.count = in.readLong();
        s.mean = readArray(in);
        s.absDev = readArray(in);
        s.last = readArray(in);
        s.absDelta = readArray(in);
        s.entropyMean = in.readDouble();
        s.entropyDev = in.readDouble();
        s.volumeMean = in.readDouble();
        s.volumeDev = in.readDouble();
        s.salienceQuantile = in.readDouble();
        s.salienceScale = in.readDouble();
        s.salienceEwma = in.readDouble();
        s.lastSalience = in.readDouble();
        s.lastLevelZ = in.readDouble();
        s.lastRateZ = in.readDouble();
        s.lastEntropyZ = in.readDouble();
        s.lastVolumeZ = in.readDouble();
        s.lastTopMetric = in.readInt();
        return s;
    }

    private static void writeArray(DataOutput out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    private static double[] readArray(DataInput in) throws IOException {
        double[] a = new double[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }
}
