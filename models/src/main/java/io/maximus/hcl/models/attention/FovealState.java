package io.maximus.hcl.models.attention;

import io.maximus.hcl.models.anomaly.SnapshotWindow;
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
}
