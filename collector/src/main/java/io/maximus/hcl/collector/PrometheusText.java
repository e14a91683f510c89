package io.maximus.hcl.collector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser of Prometheus' text exposition format, version 0.0.4: comments, {@code # HELP} and {@code # TYPE} lines,
 * samples with optional labels (values with {@code \\}, {@code \"} and {@code \n} escapes, a trailing comma allowed),
 * values including {@code NaN}, {@code +Inf} and {@code -Inf}, and an optional timestamp in epoch milliseconds.
 *
 * <p>Written here because Maven Central has no maintained Apache/MIT Java parser of the format: the
 * {@code io.prometheus} client libraries only write it, and the format is small enough that a hand-written scanner
 * with clear errors is less weight than an unmaintained dependency.
 */
public final class PrometheusText {

    private PrometheusText() {}

    /** One sample line: a series (name and labels), its value and its timestamp when the line carries one. */
    public record Sample(String name, Map<String, String> labels, double value, Long timestampMillis) {

        /** The value of a label, or {@code null}. */
        public String label(String key) {
            return labels.get(key);
        }
    }

    /** A whole exposition: its samples in order, and the declared TYPE and HELP per metric family. */
    public record Exposition(List<Sample> samples, Map<String, String> types, Map<String, String> help) {

        /** The declared type of a sample's family ({@code counter}, {@code gauge}, …), or {@code untyped}. */
        public String typeOf(String sampleName) {
            String t = types.get(sampleName);
            if (t != null) {
                return t;
            }
            for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
                if (sampleName.endsWith(suffix)) {
                    t = types.get(sampleName.substring(0, sampleName.length() - suffix.length()));
                    if (t != null) {
                        return t;
                    }
                }
            }
            return "untyped";
        }

        /** The samples of one metric name. */
        public List<Sample> series(String name) {
            List<Sample> out = new ArrayList<>();
            for (Sample s : samples) {
                if (s.name().equals(name)) {
                    out.add(s);
                }
            }
            return out;
        }
    }

    /** Parses a whole exposition; a malformed line throws {@link IllegalArgumentException} naming its number. */
    public static Exposition parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> help = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                if (trimmed.charAt(0) == '#') {
                    comment(trimmed, types, help);
                } else {
                    samples.add(new Cursor(trimmed).sample());
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "line " + (i + 1) + ": " + e.getMessage() + ": " + abbreviate(line), e);
            }
        }
        return new Exposition(Collections.unmodifiableList(samples), types, help);
    }

    private static void comment(String line, Map<String, String> types, Map<String, String> help) {
        String[] parts = line.substring(1).strip().split("[ \t]+", 3);
        if (parts.length >= 2 && parts[0].equals("TYPE")) {
            if (parts.length < 3) {
                throw new IllegalArgumentException("TYPE without a type");
            }
            String type = parts[2].strip();
            if (!List.of("counter", "gauge", "histogram", "summary", "untyped").contains(type)) {
                throw new IllegalArgumentException("unknown type '" + type + "'");
            }
            types.put(parts[1], type);
        } else if (parts.length >= 2 && parts[0].equals("HELP")) {
            help.put(parts[1], parts.length == 3 ? unescapeHelp(parts[2]) : "");
        }
        // any other comment is ignored, as the format says
    }

    private static String unescapeHelp(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 'n' ? '\n' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Parses a sample value: a Go float, including {@code NaN}, {@code +Inf}, {@code -Inf}. */
    static double value(String token) {
        switch (token) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
            case "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(token);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a number '" + token + "'");
                }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    /** A scanner over one sample line. */
    private static final class Cursor {
        private final String s;
        private int i;

        Cursor(String s) {
            this.s = s;
        }

        Sample sample() {
            String name = name(true);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("missing metric name");
            }
            Map<String, String> labels = Map.of();
            skipBlanks();
            if (i < s.length() && s.charAt(i) == '{') {
                labels = labels();
            }
            skipBlanks();
            String v = token();
            if (v.isEmpty()) {
                throw new IllegalArgumentException("missing value");
            }
            double value = value(v);
            skipBlanks();
            Long ts = null;
            String t = token();
            if (!t.isEmpty()) {
                try {
                    ts = Long.parseLong(t);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a timestamp '" + t + "'");
                }
            }
            skipBlanks();
            if (i < s.length()) {
                throw new IllegalArgumentException("unexpected text after the timestamp");
            }
            return new Sample(name, labels, value, ts);
        }

        private Map<String, String> labels() {
            i++; // '{'
            Map<String, String> labels = new LinkedHashMap<>();
            while (true) {
                skipBlanks();
                if (i >= s.length()) {
                    throw new IllegalArgumentException("unterminated label set");
                }
                if (s.charAt(i) == '}') {
                    i++;
                    return Collections.unmodifiableMap(labels);
                }
                String key = name(false);
                if (key.isEmpty()) {
                    throw new IllegalArgumentException("missing label name at column " + (i + 1));
                }
                skipBlanks();
                expect('=');
                skipBlanks();
                expect('"');
                StringBuilder v = new StringBuilder();
                while (true) {
                    if (i >= s.length()) {
                        throw new IllegalArgumentException("unterminated label value of '" + key + "'");
                    }
                    char c = s.charAt(i++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        if (i >= s.length()) {
                            throw new IllegalArgumentException("dangling escape in label '" + key + "'");
                        }
                        char e = s.charAt(i++);
                        switch (e) {
                            case 'n' -> v.append('\n');
                            case '\\' -> v.append('\\');
                            case '"' -> v.append('"');
                            default ->
                                throw new IllegalArgumentException("bad escape \\" + e + " in label '" + key + "'");
                        }
                    } else {
                        v.append(c);
                    }
                }
                labels.put(key, v.toString());
                skipBlanks();
                if (i < s.length() && s.charAt(i) == ',') {
                    i++;
                } else if (i < s.length() && s.charAt(i) != '}') {
                    throw new IllegalArgumentException("expected ',' or '}' at column " + (i + 1));
                }
            }
        }

        private String name(boolean colonAllowed) {
            int start = i;
            while (i < s.length()) {
                char c = s.charAt(i);
                boolean ok = c == '_'
                        || (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (i > start && c >= '0' && c <= '9')
                        || (colonAllowed && c == ':');
                if (!ok) {
                    break;
                }
                i++;
            }
            return s.substring(start, i);
        }

        private String token() {
            int start = i;
            while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
                i++;
            }
            return s.substring(start, i);
        }

        private void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at column " + (i + 1));
            }
            i++;
        }

        private void skipBlanks() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }
    }
}
