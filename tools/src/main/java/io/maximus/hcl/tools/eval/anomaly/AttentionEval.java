package io.maximus.hcl.tools.eval.anomaly;

import io.maximus.hcl.models.anomaly.AnomalyDetector;
import io.maximus.hcl.models.attention.FovealAnalyzer;
import io.maximus.hcl.models.attention.FovealState;
import io.maximus.hcl.models.attention.PeripheralMonitor;
import io.maximus.hcl.models.attention.PeripheralState;

/**
 * Measures the attention system on one machine: the peripheral tier warms on the training rows and then sees every
 * test row; the foveal tier analyzes only what it escalates. Compares the anomalies it flags (combined score at or
 * above an operating threshold) with the foveal stage run on every row at the same threshold.
 */
final class AttentionEval {

    /**
     * Figures for one machine.
     *
     * @param escalated share of test rows analyzed by the foveal stage
     * @param escalatedCalm the same share over unlabelled (normal) rows only
     * @param pointRecallFull share of anomalous rows flagged with the foveal stage on every row
     * @param pointRecallAttention share of anomalous rows flagged through attention
     * @param eventRecallFull share of anomaly segments with at least one flagged row, foveal on every row
     * @param eventRecallAttention the same through attention
     * @param falseAlarmsFull flagged normal rows, foveal on every row
     * @param falseAlarmsAttention flagged normal rows through attention
     * @param replayed past rows re-scored on returning to the key, per test row (extra foveal work)
     * @param salience peripheral salience per test row
     * @param attentionScores foveal score per test row where analyzed, NaN elsewhere
     */
    record Result(
            double escalated,
            double escalatedCalm,
            double pointRecallFull,
            double pointRecallAttention,
            double eventRecallFull,
            double eventRecallAttention,
            long falseAlarmsFull,
            long falseAlarmsAttention,
            double replayed,
            double[] salience,
            double[] attentionScores) {}

    private AttentionEval() {}

    /**
     * Attention settings under evaluation.
     *
     * @param alpha peripheral EWMA weight
     * @param quantile peripheral salience quantile used as the escalation level
     * @param hold snapshots held after an escalation or a near-threshold score
     * @param sampleRate random sample share
     * @param budgetRefill sustained budget share per key
     * @param budgetCapacity budget burst per key
     * @param fixation share of the operating threshold at which a foveal score renews the hold
     */
    record Settings(
            double alpha,
            double quantile,
            int hold,
            double sampleRate,
            double budgetRefill,
            double budgetCapacity,
            double fixation) {}

    static Result run(
            AnomalyDetector detector,
            double[][] train,
            double[][] test,
            int[] labels,
            double[] fullScores,
            double thr,
            long seed,
            double floor,
            Settings cfg) {
        PeripheralMonitor monitor = new PeripheralMonitor(cfg.alpha(), floor, cfg.quantile(), 0.002);
        PeripheralState ps = new PeripheralState(train[0].length);
        for (double[] row : train) {
            monitor.update(ps, row);
        }
        FovealAnalyzer foveal = new FovealAnalyzer(
                detector,
                1.0,
                6.0,
                cfg.hold(),
                cfg.sampleRate(),
                cfg.budgetCapacity(),
                cfg.budgetRefill(),
                thr * cfg.fixation());
        FovealState fs = new FovealState(seed);
        int n = test.length;
        double[] salience = new double[n];
        double[] att = new double[n];
        long escalated = 0;
        long escalatedCalm = 0;
        long calm = 0;
        boolean[] flagAtt = new boolean[n];
        boolean[] flagFull = new boolean[n];
        for (int t = 0; t < n; t++) {
            salience[t] = monitor.update(ps, test[t], !fs.fixated());
            FovealAnalyzer.Escalation e = foveal.decide(fs, ps, test[t], salience[t]);
            att[t] = Double.NaN;
            if (e.analyzed()) {
                escalated++;
                if (labels[t] == 0) {
                    escalatedCalm++;
                }
                att[t] = foveal.analyzeScore(fs);
                flagAtt[t] = att[t] >= thr;
            } else {
                // what the job reports for a snapshot the foveal stage did not analyze
                flagAtt[t] = foveal.reportedScore(fs) >= thr;
            }
            if (labels[t] == 0) {
                calm++;
            }
            flagFull[t] = fullScores[t] >= thr;
        }
        long pos = 0;
        long hitFull = 0;
        long hitAtt = 0;
        long faFull = 0;
        long faAtt = 0;
        int events = 0;
        int evFull = 0;
        int evAtt = 0;
        boolean inEvent = false;
        boolean evHitFull = false;
        boolean evHitAtt = false;
        for (int t = 0; t <= n; t++) {
            boolean lab = t < n && labels[t] == 1;
            if (lab) {
                pos++;
                hitFull += flagFull[t] ? 1 : 0;
                hitAtt += flagAtt[t] ? 1 : 0;
                if (!inEvent) {
                    inEvent = true;
                    evHitFull = false;
                    evHitAtt = false;
                }
                evHitFull |= flagFull[t];
                evHitAtt |= flagAtt[t];
            } else {
                if (inEvent) {
                    events++;
                    evFull += evHitFull ? 1 : 0;
                    evAtt += evHitAtt ? 1 : 0;
                    inEvent = false;
                }
                if (t < n) {
                    faFull += flagFull[t] ? 1 : 0;
                    faAtt += flagAtt[t] ? 1 : 0;
                }
            }
        }
        return new Result(
                (double) escalated / n,
                calm == 0 ? 0 : (double) escalatedCalm / calm,
                pos == 0 ? 0 : (double) hitFull / pos,
                pos == 0 ? 0 : (double) hitAtt / pos,
                events == 0 ? 0 : (double) evFull / events,
                events == 0 ? 0 : (double) evAtt / events,
                faFull,
                faAtt,
                (double) fs.replayed() / n,
                salience,
                att);
    }
}
