package io.maximus.hcl.models.anomaly;

/** An {@link IsolationForest} over {@link WindowFeatures} of the standardized snapshot, as a detector component. */
public final class IsolationForestComponent implements AnomalyComponent {

    private static final long serialVersionUID = 1L;

    /** Component name used in weights and score breakdowns. */
    public static final String NAME = "isolation_forest";

    private final IsolationForest forest;
    private final WindowFeatures features;
    private transient double[] scratch;

    /** A component with the given forest settings and window features. */
    public IsolationForestComponent(int numTrees, int sampleSize, long seed, WindowFeatures features) {
        this.forest = new IsolationForest(numTrees, sampleSize, seed);
        this.features = features;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int windowLength() {
        return features.windowLength();
    }

    @Override
    public void fit(double[][] rows) {
        forest.fit(features.buildAll(rows));
    }

    /** Nodes over all trees of the fitted forest (its size). */
    public int nodeCount() {
        return forest.nodeCount();
    }

    @Override
    public double score(double[][] rows, int t) {
        int len = features.length(rows[t].length);
        if (scratch == null || scratch.length != len) {
            scratch = new double[len];
        }
        features.build(rows, t, scratch);
        return forest.score(scratch);
    }
}
