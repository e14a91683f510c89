package io.maximus.hcl.models.eval.anomaly;

import io.maximus.hcl.core.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The HTML report of a NAB run: the profile results, then one plot per series at the standard threshold. */
final class NabReport {

    private NabReport() {
    }

    static Path write(Path dir, NabCorpus corpus, List<double[]> scores, List<NabScorer.ProfileResult> results)
            throws IOException {
        HtmlReport r = new HtmlReport("HCL eval nab");
        double thr = results.get(0).threshold();
        for (NabScorer.ProfileResult p : results) {
            r.text(Json.write(java.util.Map.of("profile", p.profile(), "threshold", p.threshold(),
                    "score", p.normalized())));
            if (p.profile().equals("standard")) {
                thr = p.threshold();
            }
        }
        for (int f = 0; f < corpus.series().size(); f++) {
            NabCorpus.Series s = corpus.series().get(f);
            List<int[]> windows = new ArrayList<>();
            long[] ts = s.timestamps();
            for (long[] w : s.windows()) {
                int a = 0;
                while (a < ts.length && ts[a] < w[0]) {
                    a++;
                }
                int b = a;
                while (b + 1 < ts.length && ts[b + 1] <= w[1]) {
                    b++;
                }
                windows.add(new int[] {a, b});
            }
            r.series(s.name(), s.values(), scores.get(f), thr, windows);
        }
        return r.write(dir);
    }
}
