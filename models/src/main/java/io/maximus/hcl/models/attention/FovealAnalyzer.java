package io.maximus.hcl.models.attention;

import io.maximus.hcl.models.anomaly.AnomalyDetector;
import io.maximus.hcl.models.anomaly.DetectorScore;
import io.maximus.hcl.models.anomaly.SnapshotWindow;
import java.io.Serializable;

/**
 * The expensive tier of the attention system: runs the full combined detector on a key's snapshot when its
 * salience passes the key's adaptive level (or an absolute level), for a few snapshots after that (hold), and on a
 * small seeded random sample so that drift is noticed; all within a per-key token-bucket budget.
 */
public final class FovealAnalyzer implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Why a snapshot was or was not analyzed. */
    public enum Escalation {
        /** Salience passed the key's level. */
        SALIENT,
        /** Held on after a recent salient snapshot. */
        HELD,
        /** Picked by the random sample. */
        SAMPLED,
        /** Would have been analyzed, but the key's budget was exhausted. */
        BUDGET_EXHAUSTED,
        /** Not analyzed. */
        SKIPPED;

        /** Whether the foveal stage ran. */
        public boolean analyzed() {
            return this == SALIENT || this == HELD || this == SAMPLED;
        }
    }

    private final AnomalyDetector detector;
    private final double margin;
    private final double absoluteLevel;
    private final int holdSnapshots;
    private final double sampleRate;
    private final double budgetCapacity;
    private final double budgetRefill;
    private final double fixation;
    private final int catchUp = 10;

    /**
     * An analyzer.
     *
     * @param detector the fitted combined detector
     * @param margin escalate when salience exceeds margin times the key's tracked salience quantile
     * @param absoluteLevel escalate whenever salience reaches this level, whatever the quantile says
     * @param holdSnapshots keep analyzing this many snapshots after a salient one, or one scoring at or above the
     *                      fixation level
     * @param sampleRate probability of analyzing an otherwise skipped snapshot
     * @param budgetCapacity token bucket size per key (analyses in a burst)
     * @param budgetRefill tokens added per snapshot (the sustained share of snapshots that may be analyzed)
     * @param fixation a foveal score at or above this level renews the hold (attention stays on the key)
     */
    public FovealAnalyzer(
            AnomalyDetector detector,
            double margin,
            double absoluteLevel,
            int holdSnapshots,
            double sampleRate,
            double budgetCapacity,
            double budgetRefill,
            double fixation) {
        this.detector = detector;
        this.margin = margin;
        this.absoluteLevel = absoluteLevel;
        this.holdSnapshots = holdSnapshots;
        this.sampleRate = sampleRate;
        this.budgetCapacity = budgetCapacity;
        this.budgetRefill = budgetRefill;
        this.fixation = fixation;
    }

    /**
     * Defaults (chosen on three SMD machines): margin 1.0, absolute level 6, hold 1, 1% sample, budget 1000 in a
     * burst (so a long incident stays watched) and 0.1 per snapshot, fixation at 90% of the detector's threshold.
     */
    public static FovealAnalyzer defaults(AnomalyDetector detector) {
        return new FovealAnalyzer(detector, 1.0, 6.0, 1, 0.01, 1000, 0.1, 0.9 * detector.threshold());
    }

    /**
     * Pushes the snapshot into the key's window (always, so the detector's history is complete) and decides whether
     * the foveal stage analyzes it; counts the decision in the state.
     */
    public Escalation decide(FovealState s, PeripheralState p, double[] raw, double salience) {
        if (s.window == null) {
            s.window = detector.newWindow(catchUp);
        }
        if (Double.isNaN(s.tokens)) {
            s.tokens = budgetCapacity;
        }
        s.window.push(detector, raw);
        s.seen++;
        s.tokens = Math.min(budgetCapacity, s.tokens + budgetRefill);
        Escalation want;
        if (salience >= absoluteLevel || salience > margin * p.salienceQuantile()) {
            want = Escalation.SALIENT;
            s.hold = Math.max(s.hold, holdSnapshots);
        } else if (s.hold > 0) {
            want = Escalation.HELD;
            s.hold--;
        } else if (nextUniform(s) < sampleRate) {
            want = Escalation.SAMPLED;
        } else {
            decay(s);
            s.fixated = false;
            return Escalation.SKIPPED;
        }
        if (s.tokens < 1) {
            // The key still wants attention (salient, held or fixated) but its budget is spent: the last verdict
            // stands (no decay toward calm) until the budget allows a fresh look or the periphery calms down.
            s.budgetDenied++;
            return Escalation.BUDGET_EXHAUSTED;
        }
        s.tokens -= 1;
        s.escalated++;
        if (want == Escalation.SAMPLED) {
            s.sampled++;
        }
        return want;
    }

    /**
     * The full verdict on the newest snapshot in the key's window (call after {@link #decide} said analyze). A score
     * near the threshold fixes attention on the key: the hold is renewed, so an ongoing anomaly stays analyzed.
     */
    public DetectorScore analyze(FovealState s) {
        prepare(s);
        DetectorScore score = detector.score(s.window);
        fixate(s, score.score());
        return score;
    }

    /** The combined score only, without breakdown: the fast path; same side effects as {@link #analyze}. */
    public double analyzeScore(FovealState s) {
        prepare(s);
        double score = detector.combined(s.window);
        fixate(s, score);
        return score;
    }

    /**
     * When attention returns to a key after a gap, the foveal stage first re-scores up to {@code catchUp} recent
     * snapshots still in the window, so the smoothed score reflects the recent past as if it had been watching.
     */
    private void prepare(FovealState s) {
        long gap = s.lastAnalyzed < 0 ? Long.MAX_VALUE : s.seen - s.lastAnalyzed;
        s.lastAnalyzed = s.seen;
        if (gap <= 1 || catchUp == 0) {
            return;
        }
        SnapshotWindow w = s.window;
        int newest = w.size() - 1;
        int replay = (int) Math.min(Math.min(gap - 1, catchUp), newest);
        double smoothed = w.smoothedScore();
        double alpha = detector.smoothing();
        // the skipped snapshots are re-scored in one batch (one ONNX Runtime call for the LSTM autoencoder)
        int[] ts = new int[replay];
        for (int i = 0; i < replay; i++) {
            ts[i] = newest - replay + i;
        }
        double[] cs = replay > 0 ? detector.combinedBatch(w.rows(), ts) : new double[0];
        for (int t = newest - replay; t < newest; t++) {
            double c = cs[t - (newest - replay)];
            // a full replay restarts the average from its first row; a short gap continues the decayed one
            smoothed = Double.isNaN(smoothed) || (t == newest - replay && gap - 1 > replay)
                    ? c
                    : smoothed + alpha * (c - smoothed);
        }
        s.replayed += replay;
        w.smoothedScore(smoothed);
    }

    /**
     * A skipped snapshot is taken as calm: the smoothed score moves toward the detector's calm score (every component at its training median), as it would
     * if the detector had scored an ordinary snapshot, so a later escalation does not start from a stale value.
     */
    private void decay(FovealState s) {
        double prev = s.window.smoothedScore();
        if (!Double.isNaN(prev)) {
            s.window.smoothedScore(prev + detector.smoothing() * (detector.calmScore() - prev));
        }
    }

    private void fixate(FovealState s, double score) {
        s.fixated = score >= fixation;
        if (s.fixated) {
            s.hold = Math.max(s.hold, holdSnapshots);
        }
    }

    /**
     * The score the key reports for its newest snapshot when the foveal stage did not run: its last smoothed
     * verdict, decayed toward calm on skipped snapshots and held while the budget is exhausted; the detector's calm
     * score before any verdict.
     */
    public double reportedScore(FovealState s) {
        double v = s.window == null ? Double.NaN : s.window.smoothedScore();
        return Double.isNaN(v) ? detector.calmScore() : v;
    }

    /** The detector behind this analyzer. */
    public AnomalyDetector detector() {
        return detector;
    }

    /** SplitMix64 step on the state's own seed: reproducible per key, no shared Random. */
    private static double nextUniform(FovealState s) {
        long z = (s.rng += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
