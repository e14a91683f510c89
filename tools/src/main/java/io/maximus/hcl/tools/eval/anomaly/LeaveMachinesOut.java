package io.maximus.hcl.tools.eval.anomaly;

import io.maximus.hcl.models.anomaly.AnomalyComponent;
import io.maximus.hcl.models.anomaly.AnomalyDetector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Two-fold leave-machines-out selection: the machines are split in two halves by a seeded shuffle; the candidate
 * detector setting with the best mean ROC-AUC on one half's labels is reported on the other half, and the halves
 * swap. No label of a machine ever chooses the setting it is reported with.
 */
public final class LeaveMachinesOut {

    /** One base component: its name in candidate mixes and how to build it. */
    public record Base(String name, Supplier<AnomalyComponent> factory) {}

    /** One candidate setting: weights over base names and the EWMA weight of the newest combined score. */
    public record Candidate(String name, Map<String, Double> weights, double smoothing) {}

    /** Figures of one candidate on one machine. */
    public record Figures(double rocAuc, double prAuc, double f1) {}

    private final List<Base> bases;
    private final List<Candidate> candidates;
    private final double floor;
    private final Map<String, Map<String, Figures>> perMachine = new LinkedHashMap<>();

    /** A selection over these bases and candidate mixes; {@code floor} is the detector's standardization floor. */
    public LeaveMachinesOut(List<Base> bases, List<Candidate> candidates, double floor) {
        this.bases = List.copyOf(bases);
        this.candidates = List.copyOf(candidates);
        this.floor = floor;
    }

    /** The candidates, in order. */
    public List<Candidate> candidates() {
        return candidates;
    }

    /**
     * Fits every base on the machine's train rows (each as a one-component detector, calibrated on train like the
     * job's), scores the test rows, and records every candidate's figures on the machine.
     */
    public Map<String, Figures> addMachine(String machine, double[][] train, double[][] test, int[] labels) {
        return addMachine(machine, train, test, labels, Map.of());
    }

    /** As {@link #addMachine(String, double[][], double[][], int[])}, reusing calibrated base scores already known. */
    public Map<String, Figures> addMachine(
            String machine, double[][] train, double[][] test, int[] labels, Map<String, double[]> known) {
        Map<String, double[]> calibrated = new LinkedHashMap<>(known);
        for (Base b : bases) {
            if (calibrated.containsKey(b.name())) {
                continue;
            }
            AnomalyComponent c = b.factory().get();
            AnomalyDetector det = new AnomalyDetector(List.of(c), Map.of(c.name(), 1.0), 0.85, floor, null)
                    .smoothing(1.0)
                    .fit(train);
            calibrated.put(b.name(), det.componentScoresAll(test)[0]);
        }
        Map<String, Figures> figs = new LinkedHashMap<>();
        for (Candidate cand : candidates) {
            double[] s = combine(cand, calibrated, test.length);
            figs.put(
                    cand.name(),
                    new Figures(
                            DetectionMetrics.rocAuc(s, labels),
                            DetectionMetrics.prAuc(s, labels),
                            DetectionMetrics.bestF1(s, labels)[0]));
        }
        perMachine.put(machine, figs);
        return figs;
    }

    /** Causal EWMA with weight {@code alpha} of the newest value (the detector's smoothing). */
    static double[] ewma(double[] x, double alpha) {
        double[] out = new double[x.length];
        double e = Double.NaN;
        for (int t = 0; t < x.length; t++) {
            e = Double.isNaN(e) ? x[t] : e + alpha * (x[t] - e);
            out[t] = e;
        }
        return out;
    }

    /** The detector's MEAN rule (weights renormalized) followed by its causal EWMA. */
    static double[] combine(Candidate cand, Map<String, double[]> calibrated, int n) {
        double total = 0;
        for (double w : cand.weights().values()) {
            total += w;
        }
        double[] out = new double[n];
        double e = Double.NaN;
        for (int t = 0; t < n; t++) {
            double s = 0;
            for (Map.Entry<String, Double> w : cand.weights().entrySet()) {
                s += w.getValue() / total * calibrated.get(w.getKey())[t];
            }
            e = Double.isNaN(e) ? s : e + cand.smoothing() * (s - e);
            out[t] = e;
        }
        return out;
    }

    /** The two halves of {@code machines} for a seeded shuffle (the first is the larger when the count is odd). */
    public static List<List<String>> split(List<String> machines, long seed) {
        List<String> shuffled = new ArrayList<>(machines);
        Collections.sort(shuffled);
        Collections.shuffle(shuffled, new Random(seed));
        int half = (shuffled.size() + 1) / 2;
        return List.of(List.copyOf(shuffled.subList(0, half)), List.copyOf(shuffled.subList(half, shuffled.size())));
    }

    /** The candidate with the best mean ROC-AUC over {@code machines} (ties: the earlier candidate). */
    public String choose(List<String> machines) {
        String best = null;
        double bestRoc = Double.NEGATIVE_INFINITY;
        for (Candidate c : candidates) {
            double sum = 0;
            for (String m : machines) {
                sum += perMachine.get(m).get(c.name()).rocAuc();
            }
            double mean = sum / machines.size();
            if (mean > bestRoc + 1e-12) {
                bestRoc = mean;
                best = c.name();
            }
        }
        return best;
    }

    /** Mean figures of a candidate over machines. */
    public Figures mean(String candidate, List<String> machines) {
        double roc = 0;
        double pr = 0;
        double f1 = 0;
        for (String m : machines) {
            Figures f = perMachine.get(m).get(candidate);
            roc += f.rocAuc();
            pr += f.prAuc();
            f1 += f.f1();
        }
        int n = machines.size();
        return new Figures(roc / n, pr / n, f1 / n);
    }

    /** The two-fold result as a JSON-ready map: each fold's selection half, choice and held-out figures. */
    public Map<String, Object> result(long seed) {
        List<String> machines = new ArrayList<>(perMachine.keySet());
        List<List<String>> halves = split(machines, seed);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("split_seed", seed);
        double roc = 0;
        double pr = 0;
        double f1 = 0;
        int n = 0;
        List<Object> folds = new ArrayList<>();
        for (int f = 0; f < 2; f++) {
            List<String> select = halves.get(f);
            List<String> report = halves.get(1 - f);
            if (select.isEmpty() || report.isEmpty()) {
                continue;
            }
            String chosen = choose(select);
            Figures held = mean(chosen, report);
            Map<String, Object> fold = new LinkedHashMap<>();
            fold.put("selected_on", select);
            fold.put("chosen", chosen);
            fold.put(
                    "selection_roc_auc",
                    EvalAnomalyCommand.round(mean(chosen, select).rocAuc()));
            fold.put("reported_on", report);
            fold.put("roc_auc", EvalAnomalyCommand.round(held.rocAuc()));
            fold.put("pr_auc", EvalAnomalyCommand.round(held.prAuc()));
            fold.put("f1", EvalAnomalyCommand.round(held.f1()));
            folds.add(fold);
            roc += held.rocAuc() * report.size();
            pr += held.prAuc() * report.size();
            f1 += held.f1() * report.size();
            n += report.size();
        }
        out.put("folds", folds);
        out.put("machines", n);
        out.put("roc_auc", EvalAnomalyCommand.round(n > 0 ? roc / n : Double.NaN));
        out.put("pr_auc", EvalAnomalyCommand.round(n > 0 ? pr / n : Double.NaN));
        out.put("f1", EvalAnomalyCommand.round(n > 0 ? f1 / n : Double.NaN));
        Map<String, Object> whole = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            whole.put(
                    c.name(), EvalAnomalyCommand.round(mean(c.name(), machines).rocAuc()));
        }
        out.put("whole_set_roc_auc_per_candidate", whole);
        return out;
    }
}
