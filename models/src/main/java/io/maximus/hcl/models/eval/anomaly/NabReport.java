package io.maximus.hcl.models.eval.anomaly;

import java.nio.file.Path;
import java.util.List;

/** Placeholder replaced below. */
final class NabReport {
    static void write(Path dir, NabCorpus c, List<double[]> s, List<NabScorer.ProfileResult> r) {
    }
}
