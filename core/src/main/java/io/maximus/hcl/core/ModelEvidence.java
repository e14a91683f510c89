package io.maximus.hcl.core;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which model produced the evidence a plan (and its decision) was made on, and since when: an anomaly score's
 * detector (the shipped artifact's version, a key's online model with its fit time, or the baseline) or a failure
 * risk's evidence (the learned failure model and/or the exhaustion predictor).
 *
 * @param source {@value #ANOMALY} or {@value #FAILURE_RISK}
 * @param host the host whose score or risk it is, or null for a whole service
 * @param model {@value #MODEL_ARTIFACT} (the shipped anomaly artifact), {@value #MODEL_ONLINE} (the key's own online
 *     model), {@value #MODEL_BASELINE} (the z-score baseline, e.g. while the online model warms up), or for a failure
 *     risk the fired evidence's model: the learned failure model's version and/or {@value #MODEL_EXHAUSTION}
 * @param version the artifact's or failure model's version, or the online model's fit number; null when none
 * @param since ISO-8601 instant the scoring model was fitted (the online model's current fit), or null when it is a
 *     shipped artifact or the baseline
 * @param learningSince ISO-8601 instant the online model started learning the key's metric set, or null
 * @param detector the score's detector exactly as the anomaly event gives it
 * @param score anomaly: the strongest score divided by its threshold, capped at 1 (1: at or over the threshold);
 *     failure: the learned model's probability when it fired; or null
 * @param fired for a failure risk, the evidence that fired ({@value FailureRisk#EVIDENCE_MODEL},
 *     {@value FailureRisk#EVIDENCE_EXHAUSTION}); empty for an anomaly
 */
public record ModelEvidence(
        String source,
        String host,
        String model,
        String version,
        String since,
        String learningSince,
        String detector,
        Double score,
        List<String> fired) {

    /** Evidence from an anomaly score. */
    public static final String ANOMALY = "anomaly";
    /** Evidence from a failure risk. */
    public static final String FAILURE_RISK = "failure_risk";
    /** The shipped anomaly artifact scored it. */
    public static final String MODEL_ARTIFACT = "artifact";
    /** The key's online model scored it. */
    public static final String MODEL_ONLINE = "online";
    /** The baseline z-score detector scored it. */
    public static final String MODEL_BASELINE = "baseline";
    /** The resource-exhaustion predictor. */
    public static final String MODEL_EXHAUSTION = "exhaustion";

    /** The online model's detector name, as {@code OnlineAnomalyModel} writes it. */
    private static final Pattern ONLINE =
            Pattern.compile("online-knn since (\\S+) \\(fit (\\d+), \\d+ rows, learning since (\\S+)\\)");

    public ModelEvidence {
        fired = fired == null ? List.of() : List.copyOf(fired);
    }

    /**
     * The evidence of an anomaly score from its detector's name: {@code online-knn since <fit> (fit F, R rows,
     * learning since <first>)} is the online model (version = the fit number), {@code <tier>:<version>} the shipped
     * artifact, anything else (e.g. {@code baseline-ewma-z (online-knn warming up, ...)}) the baseline.
     */
    public static ModelEvidence ofAnomaly(String host, String detector, double score) {
        String d = detector == null ? "unknown" : detector;
        Double s = Double.isFinite(score) ? Math.round(score * 10_000) / 10_000.0 : null;
        Matcher m = ONLINE.matcher(d);
        if (m.find()) {
            return new ModelEvidence(
                    ANOMALY, host, MODEL_ONLINE, m.group(2), instant(m.group(1)), instant(m.group(3)), d, s, null);
        }
        int colon = d.indexOf(':');
        if (colon > 0 && !d.contains(" ")) {
            return new ModelEvidence(ANOMALY, host, MODEL_ARTIFACT, d.substring(colon + 1), null, null, d, s, null);
        }
        return new ModelEvidence(ANOMALY, host, MODEL_BASELINE, null, null, null, d, s, null);
    }

    /**
     * The evidence of a failure risk in alarm: the model is the learned model's version when it fired, else
     * {@value #MODEL_EXHAUSTION}; {@code fired} says which evidence holds (both when both do).
     */
    public static ModelEvidence ofFailureRisk(FailureRisk r) {
        boolean model = r.evidence().contains(FailureRisk.EVIDENCE_MODEL);
        return new ModelEvidence(
                FAILURE_RISK,
                r.scope().host(),
                model ? r.model() : MODEL_EXHAUSTION,
                model ? r.model() : null,
                null,
                null,
                null,
                model ? r.probability() : null,
                r.evidence());
    }

    private static String instant(String s) {
        try {
            return Instant.parse(s).toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
