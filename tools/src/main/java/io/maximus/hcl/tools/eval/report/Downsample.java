package io.maximus.hcl.tools.eval.report;

/**
 * Min/max downsampling per pixel column: the rows falling into one pixel column are reduced to their minimum and
 * maximum, drawn as a vertical stroke, so a page stays small (at most two points per column, whatever the series
 * length) while every spike stays visible. Written here rather than taken from a plotting library because the JVM
 * has no small Apache/MIT/BSD SVG charting library, and the reduction is ten lines.
 */
public final class Downsample {

    private Downsample() {}

    /**
     * The reduced columns of rows [from, to).
     *
     * @param first first row of each column
     * @param min smallest non-NaN value of the column (NaN when the column holds only NaN)
     * @param max largest non-NaN value of the column (NaN when the column holds only NaN)
     */
    public record Columns(int[] first, double[] min, double[] max) {

        /** Number of columns. */
        public int size() {
            return first.length;
        }
    }

    /**
     * Reduces rows [from, to) of {@code v} to at most {@code columns} columns; when there are fewer rows than columns
     * every row is its own column (min = max = the value).
     */
    public static Columns minMax(double[] v, int from, int to, int columns) {
        if (from < 0 || to > v.length || from > to) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") outside a series of " + v.length);
        }
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be positive: " + columns);
        }
        int len = to - from;
        int cols = Math.min(columns, len);
        int[] first = new int[cols];
        double[] mn = new double[cols];
        double[] mx = new double[cols];
        for (int c = 0; c < cols; c++) {
            int a = from + (int) ((long) c * len / cols);
            int b = from + (int) ((long) (c + 1) * len / cols);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = a; i < b; i++) {
                double d = v[i];
                if (!Double.isNaN(d)) {
                    lo = Math.min(lo, d);
                    hi = Math.max(hi, d);
                }
            }
            first[c] = a;
            mn[c] = lo == Double.POSITIVE_INFINITY ? Double.NaN : lo;
            mx[c] = hi == Double.NEGATIVE_INFINITY ? Double.NaN : hi;
        }
        return new Columns(first, mn, mx);
    }
}
