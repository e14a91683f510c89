package io.maximus.hcl.tools.eval.anomaly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NAB's scoring rules, re-implemented from its documentation and paper (Lavin and Ahmad 2015; Ahmad et al. 2017):
 * every row gets a sweep score (inside a window: a scaled sigmoid of its relative position, earliest best, scaled so
 * the window's first row earns tpWeight; outside: a false positive weighted by fpWeight and by the distance past the
 * previous window); rows in the probationary period (the first 15% of a file, at most 750 rows) are not scored; only
 * the best (earliest) detection of a window counts, a window without one costs fnWeight. The threshold is optimized
 * once per profile over the whole corpus, and the total is normalized so the null detector scores 0 and the perfect
 * one 100.
 */
public final class NabScorer {

    /** Marks a row outside every window. */
    static final int OUTSIDE = -1;
    /** Marks a row in the probationary period. */
    static final int PROBATION = -2;

    private final double probationPercent;

    /** A scorer with NAB's probationary period of 15%. */
    public NabScorer() {
        this(0.15);
    }

    /** A scorer with the given probationary share. */
    public NabScorer(double probationPercent) {
        this.probationPercent = probationPercent;
    }

    /** NAB's scaled sigmoid: 2 sigmoid(-5x) - 1, and -1 beyond 3 window widths past a window. */
    public static double scaledSigmoid(double relativePosition) {
        if (relativePosition > 3.0) {
            return -1.0;
        }
        return 2.0 / (1.0 + Math.exp(5.0 * relativePosition)) - 1.0;
    }

    /** Number of leading rows that are not scored. */
    public double probationaryLength(int rows) {
        return Math.min(Math.floor(probationPercent * rows), probationPercent * 5000);
    }

    /**
     * Per-row sweep scores of one file under a profile.
     *
     * @param sweep out: weighted score each row would earn if it were a detection
     * @param window out: global window id of each row, {@link #OUTSIDE} or {@link #PROBATION}
     * @param windowIdBase id of the file's first window
     */
    public void sweep(NabCorpus.Series s, NabCorpus.Profile p, double[] sweep, int[] window, int windowIdBase) {
        long[] ts = s.timestamps();
        int n = ts.length;
        double maxTp = scaledSigmoid(-1.0);
        double probation = probationaryLength(n);
        List<long[]> limits = new ArrayList<>(s.windows());
        int nextWindow = 0;
        int curWindow = -1;
        double curWidth = 0;
        int curRight = -1;
        int prevRight = -1;
        double prevWidth = 0;
        for (int i = 0; i < n; i++) {
            if (nextWindow < limits.size() && ts[i] == limits.get(nextWindow)[0]) {
                long[] w = limits.get(nextWindow);
                curWindow = windowIdBase + nextWindow;
                nextWindow++;
                curRight = indexOf(ts, w[1]);
                curWidth = curRight - indexOf(ts, w[0]) + 1;
            }
            double weighted;
            if (curWindow >= 0) {
                double pos = -(curRight - i + 1) / curWidth;
                weighted = scaledSigmoid(pos) * p.tpWeight() / maxTp;
            } else {
                double unweighted;
                if (prevRight < 0) {
                    unweighted = -1.0;
                } else {
                    unweighted = scaledSigmoid(Math.abs(prevRight - i) / (prevWidth - 1));
                }
                weighted = unweighted * p.fpWeight();
            }
            sweep[i] = weighted;
            window[i] = i >= probation ? curWindow : PROBATION;
            if (i == curRight) {
                prevRight = i;
                prevWidth = curWidth;
                curWindow = -1;
                curRight = -1;
            }
        }
    }

    private static int indexOf(long[] ts, long t) {
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] == t) {
                return i;
            }
        }
        throw new IllegalArgumentException("window limit " + t + " is not a timestamp of the file");
    }

    /**
     * Result of one profile.
     *
     * @param profile profile name
     * @param threshold the corpus-optimized threshold
     * @param raw raw total score
     * @param normalized normalized score (null detector 0, perfect 100)
     * @param perFile raw score of each file at the threshold
     */
    public record ProfileResult(
            String profile, double threshold, double raw, double normalized, Map<String, Double> perFile) {}

    /** Scores a detector's anomaly scores (one array per series, same order as the corpus) under every profile. */
    public List<ProfileResult> score(NabCorpus corpus, List<double[]> scores) {
        List<ProfileResult> out = new ArrayList<>();
        for (NabCorpus.Profile p : corpus.profiles()) {
            double threshold = optimizeThreshold(corpus, scores, p);
            double nullRaw = nullScore(corpus, p);
            Map<String, Double> perFile = new LinkedHashMap<>();
            double raw = 0;
            int base = 0;
            for (int f = 0; f < corpus.series().size(); f++) {
                NabCorpus.Series s = corpus.series().get(f);
                double fs = scoreFile(s, scores.get(f), p, threshold, base);
                perFile.put(s.name(), fs);
                raw += fs;
                base += s.windows().size();
            }
            double perfect = corpus.windowCount() * p.tpWeight();
            out.add(new ProfileResult(p.name(), threshold, raw, 100 * (raw - nullRaw) / (perfect - nullRaw), perFile));
        }
        return out;
    }

    /** Raw score of one file when every row scoring at least {@code threshold} is a detection. */
    public double scoreFile(NabCorpus.Series s, double[] scores, NabCorpus.Profile p, double threshold, int base) {
        int n = s.timestamps().length;
        double[] sweep = new double[n];
        int[] window = new int[n];
        sweep(s, p, sweep, window, base);
        Map<Integer, Double> parts = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            if (window[i] >= 0) {
                parts.putIfAbsent(window[i], -p.fnWeight());
            }
        }
        double fp = 0;
        for (int i = 0; i < n; i++) {
            if (window[i] == PROBATION || !(scores[i] >= threshold)) {
                continue;
            }
            if (window[i] == OUTSIDE) {
                fp += sweep[i];
            } else {
                parts.put(window[i], Math.max(parts.get(window[i]), sweep[i]));
            }
        }
        return fp + parts.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * The threshold that maximizes the corpus total: rows of all files sorted by score, descending, and the total
     * evaluated at every distinct score (detections are rows scoring at or above it); ties go to the higher one.
     */
    public double optimizeThreshold(NabCorpus corpus, List<double[]> scores, NabCorpus.Profile p) {
        int total =
                corpus.series().stream().mapToInt(s -> s.timestamps().length).sum();
        double[] sc = new double[total];
        double[] sw = new double[total];
        int[] win = new int[total];
        int off = 0;
        int base = 0;
        for (int f = 0; f < corpus.series().size(); f++) {
            NabCorpus.Series s = corpus.series().get(f);
            int n = s.timestamps().length;
            double[] sweep = new double[n];
            int[] window = new int[n];
            sweep(s, p, sweep, window, base);
            System.arraycopy(scores.get(f), 0, sc, off, n);
            System.arraycopy(sweep, 0, sw, off, n);
            System.arraycopy(window, 0, win, off, n);
            off += n;
            base += s.windows().size();
        }
        double[] parts = new double[base];
        boolean[] counted = new boolean[base];
        double current = 0;
        for (int i = 0; i < total; i++) {
            if (win[i] >= 0 && !counted[win[i]]) {
                counted[win[i]] = true;
                parts[win[i]] = -p.fnWeight();
                current -= p.fnWeight();
            }
        }
        Integer[] order = new Integer[total];
        for (int i = 0; i < total; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> sc[i]).reversed());
        double curThreshold = 1.1;
        double bestScore = Double.NEGATIVE_INFINITY;
        double bestThreshold = curThreshold;
        for (int k = 0; k < total; k++) {
            int i = order[k];
            if (sc[i] != curThreshold) {
                if (current > bestScore) {
                    bestScore = current;
                    bestThreshold = curThreshold;
                }
                curThreshold = sc[i];
            }
            if (win[i] == PROBATION) {
                continue;
            }
            if (win[i] == OUTSIDE) {
                current += sw[i];
            } else if (sw[i] > parts[win[i]]) {
                current += sw[i] - parts[win[i]];
                parts[win[i]] = sw[i];
            }
        }
        if (current > bestScore) {
            bestThreshold = curThreshold;
        }
        return bestThreshold;
    }

    /** Raw score of NAB's null detector (a constant score) under the profile, with its own optimized threshold. */
    public double nullScore(NabCorpus corpus, NabCorpus.Profile p) {
        List<double[]> constant = new ArrayList<>();
        for (NabCorpus.Series s : corpus.series()) {
            double[] c = new double[s.timestamps().length];
            Arrays.fill(c, 0.5);
            constant.add(c);
        }
        double thr = optimizeThreshold(corpus, constant, p);
        double raw = 0;
        int base = 0;
        for (int f = 0; f < corpus.series().size(); f++) {
            raw += scoreFile(corpus.series().get(f), constant.get(f), p, thr, base);
            base += corpus.series().get(f).windows().size();
        }
        return raw;
    }
}
