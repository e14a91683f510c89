package io.maximus.hcl.core;

import java.util.Map;

/**
 * What every snapshot {@link TelemetryParser} accepts satisfies, so that every sink downstream (Kafka, PostgreSQL,
 * JSON, the actuators' targets) can take it as is.
 *
 * <ul>
 *   <li>host: {@value #HOST} (a DNS name of up to 253 chars; no {@code /}, spaces, shell or control characters,
 *       and it cannot start with {@code .} or {@code -})</li>
 *   <li>service: {@value #SERVICE} (a Kubernetes-style name of up to 63 chars)</li>
 *   <li>metric names: {@value #METRIC} (Prometheus-style, up to 128 chars)</li>
 *   <li>label keys: {@value #LABEL_KEY} (up to 128 chars; Kubernetes-style prefixes such as
 *       {@code app.kubernetes.io/name} pass)</li>
 *   <li>label values: at most {@value #MAX_LABEL_VALUE} chars, no control character (NUL included) and no unpaired
 *       surrogate (text that is not valid UTF-16 cannot be written as UTF-8)</li>
 *   <li>event time within {@link EventTimes#MIN_ACCEPTED}..{@link EventTimes#MAX_ACCEPTED}; metric values finite
 *       and within their {@link MetricFamily}'s range; metric and label counts within {@link InputBounds}</li>
 * </ul>
 */
public final class TelemetryInvariants {

    /** The host name pattern. */
    public static final String HOST = "[A-Za-z0-9][A-Za-z0-9._-]{0,252}";
    /** The service name pattern. */
    public static final String SERVICE = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}";
    /** The metric name pattern. */
    public static final String METRIC = "[a-zA-Z_][a-zA-Z0-9_.]{0,127}";
    /** The label key pattern. */
    public static final String LABEL_KEY = "[a-zA-Z_][a-zA-Z0-9_./-]{0,127}";
    /** The longest label value, in chars. */
    public static final int MAX_LABEL_VALUE = 256;

    // The patterns above, checked by hand: the regex engine was the top item of the parser's profile (issue 16).
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final boolean[] NAME_FIRST = ascii(ALNUM);
    private static final boolean[] NAME_REST = ascii(ALNUM + "._-");
    private static final boolean[] METRIC_FIRST = ascii(ALNUM.substring(0, 52) + "_");
    private static final boolean[] METRIC_REST = ascii(ALNUM + "_.");
    private static final boolean[] LABEL_REST = ascii(ALNUM + "_./-");

    private TelemetryInvariants() {}

    /** Whether {@code s} is a valid host name. */
    public static boolean validHost(String s) {
        return matches(s, 253, NAME_FIRST, NAME_REST);
    }

    /** Whether {@code s} is a valid service name. */
    public static boolean validService(String s) {
        return matches(s, 63, NAME_FIRST, NAME_REST);
    }

    /** Whether {@code s} is a valid metric name. */
    public static boolean validMetric(String s) {
        return matches(s, 128, METRIC_FIRST, METRIC_REST);
    }

    /** Whether {@code s} is a valid label key. */
    public static boolean validLabelKey(String s) {
        return matches(s, 128, METRIC_FIRST, LABEL_REST);
    }

    /** Whether {@code s} has 1 to {@code max} chars, the first in {@code first}, the others in {@code rest}. */
    private static boolean matches(String s, int max, boolean[] first, boolean[] rest) {
        if (s == null || s.isEmpty() || s.length() > max || !in(first, s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!in(rest, s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean in(boolean[] set, char c) {
        return c < 128 && set[c];
    }

    private static boolean[] ascii(String chars) {
        boolean[] set = new boolean[128];
        for (int i = 0; i < chars.length(); i++) {
            set[chars.charAt(i)] = true;
        }
        return set;
    }

    /** Why {@code s} is not a valid label value, or null when it is. */
    public static String labelValueViolation(String s) {
        if (s.length() > MAX_LABEL_VALUE) {
            return "longer than " + MAX_LABEL_VALUE + " chars";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                return "has a control character";
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "is not valid UTF-16";
            }
        }
        return null;
    }

    /**
     * Why {@code s} breaks an invariant under {@code bounds} (the event-time window aside, which needs a reference
     * time), or null when it keeps them all. The parser checks the same rules; this is for snapshots made elsewhere.
     */
    public static String violation(TelemetrySnapshot s, InputBounds bounds) {
        if (s == null || s.host() == null || s.service() == null || s.metrics() == null || s.labels() == null) {
            return "incomplete snapshot";
        }
        if (!EventTimes.accepted(s.timestamp())) {
            return TelemetryParser.OUT_OF_RANGE;
        }
        if (!validHost(s.host())) {
            return "invalid host";
        }
        if (!validService(s.service())) {
            return "invalid service";
        }
        if (s.metrics().size() > bounds.maxMetrics()) {
            return "more than " + bounds.maxMetrics() + " metrics";
        }
        for (Map.Entry<String, Double> m : s.metrics().entrySet()) {
            String why = metricViolation(m.getKey(), m.getValue(), bounds);
            if (why != null) {
                return why;
            }
        }
        if (s.labels().size() > bounds.maxLabels()) {
            return "more than " + bounds.maxLabels() + " labels";
        }
        for (Map.Entry<String, String> l : s.labels().entrySet()) {
            if (!validLabelKey(l.getKey())) {
                return "invalid label key";
            }
            if (l.getValue() == null || labelValueViolation(l.getValue()) != null) {
                return "invalid label value";
            }
        }
        return null;
    }

    /** Why a metric's name or value breaks an invariant, or null when it keeps them. */
    static String metricViolation(String name, Double value, InputBounds bounds) {
        if (!validMetric(name)) {
            return "invalid metric name '" + EventTimes.abbreviate(name == null ? "null" : name) + "' (must match "
                    + METRIC + ")";
        }
        if (value == null || !Double.isFinite(value)) {
            return "metric '" + name + "' is not finite";
        }
        MetricFamily family = MetricFamily.of(name);
        if (!family.accepts(value, bounds)) {
            return "metric '" + name + "' out of range: must be " + family.range(bounds);
        }
        return null;
    }
}
