package io.maximus.hcl.tools.eval.report;

import java.util.Locale;

/** HTML helpers of the reports: escaping of text and attribute values, safe file names, number formatting. */
public final class Html {

    private Html() {}

    /** Escapes text for HTML element content and quoted attribute values (&amp; &lt; &gt; &quot; &#39;). */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A file-name-safe form of a series name: letters, digits, '.', '-' and '_' kept, everything else '_'. */
    public static String slug(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
        if (s.length() > 80) {
            s = s.substring(0, 80);
        }
        return s.isEmpty() ? "series" : s;
    }

    /** A compact number for labels: whole numbers from 1000 up to 1e9, otherwise 4 significant digits. */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if ((v == Math.rint(v) || Math.abs(v) >= 1000) && Math.abs(v) < 1e9) {
            return Long.toString(Math.round(v));
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.indexOf('.') >= 0) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return e < 0 ? mantissa : mantissa + s.substring(e);
    }
}
