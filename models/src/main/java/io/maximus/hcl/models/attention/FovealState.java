package io.maximus.hcl.models.attention;

import io.maximus.hcl.models.anomaly.SnapshotWindow;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;

/**
 * One key's foveal state: the detector's snapshot window (with its smoothed score), the budget's token count, the
 * remaining hold after an escalation, the seeded sampler's state and counters. A plain serializable POJO; only
 * {@link FovealAnalyzer} mutates it.
 */
public final class FovealState implements Serializable {

    private static final long serialVersionUID = 1L;

    SnapshotWindow window;
    double tokens;
    int hold;
    long rng;
    long seen;
    long lastAnalyzed = -1;
    long escalated;
    long sampled;
    long budgetDenied;
    long replayed;
    boolean fixated;

    /** A state whose random sampling is seeded by {@code seed} (e.g. a hash of the key and a global seed). */
    public FovealState(long seed) {
        this.rng = seed;
        this.tokens = Double.NaN; // filled to capacity on first use
    }

    /** No-argument constructor for serializers. */
    public FovealState() {
        this(0L);
    }

    /** Whether the last foveal analysis scored at or above the fixation level (the key looks anomalous). */
    public boolean fixated() {
        return fixated;
    }

    /** Snapshots seen. */
    public long seen() {
        return seen;
    }

    /** Snapshots analyzed by the foveal stage. */
    public long escalated() {
        return escalated;
    }

    /** Of those, escalated by random sampling only. */
    public long sampled() {
        return sampled;
    }

    /** Escalations refused because the key's budget was exhausted. */
    public long budgetDenied() {
        return budgetDenied;
    }

    /** Past snapshots re-scored when attention returned to the key (extra foveal work beyond escalations). */
    public long replayed() {
        return replayed;
    }

    /** The detector window, null before the first snapshot. */
    public SnapshotWindow window() {
        return window;
    }

    /**
     * Writes every field (the window only when present): the format of the Flink state serializer in
     * {@code operators.types}, read back by {@link #readFrom}. A change here needs a new serializer version.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeBoolean(window != null);
        if (window != null) {
            window.writeTo(out);
        }
        out.writeDouble(tokens);
        out.writeInt(hold);
        out.writeLong(rng);
        out.writeLong(seen);
        out.writeLong(lastAnalyzed);
        out.writeLong(escalated);
        out.writeLong(sampled);
        out.writeLong(budgetDenied);
        out.writeLong(replayed);
        out.writeBoolean(fixated);
    }

    /** Reads a state written by {@link #writeTo}. */
    public static FovealState readFrom(DataInput in) throws IOException {
        FovealState s = new FovealState();
        s.window = in.readBoolean() ? SnapshotWindow.readFrom(in) : null;
        s.tokens = in.readDouble();
        s.hold = in.readInt();
        s.rng = in.readLong();
        s.seen = in.readLong();
        s.lastAnalyzed = in.readLong();
        s.escalated = in.readLong();
        s.sampled = in.readLong();
        s.budgetDenied = in.readLong();
        s.replayed = in.readLong();
        s.fixated = in.readBoolean();
        return s;
    }
}
