package io.maximus.hcl.tools.eval.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.models.anomaly.PcaResidualComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaveMachinesOutTest {

    @Test
    void theSplitIsSeededDisjointAndCoversEveryMachine() {
        List<String> ms = List.of("a", "b", "c", "d", "e");
        List<List<String>> one = LeaveMachinesOut.split(ms, 13);
        assertThat(LeaveMachinesOut.split(new ArrayList<>(List.of("e", "d", "c", "b", "a")), 13))
                .as("independent of the listing order")
                .isEqualTo(one);
        assertThat(one.get(0)).hasSize(3).doesNotContainAnyElementsOf(one.get(1));
        List<String> all = new ArrayList<>(one.get(0));
        all.addAll(one.get(1));
        assertThat(all).containsExactlyInAnyOrderElementsOf(ms);
    }

    @Test
    void eachHalfIsReportedWithTheSettingTheOtherHalfChose() {
        // two candidates that differ only in smoothing; the figures per machine are forced through the scores
        LeaveMachinesOut lmo = new LeaveMachinesOut(
                List.of(new LeaveMachinesOut.Base("pca", () -> new PcaResidualComponent(0.95))),
                List.of(
                        new LeaveMachinesOut.Candidate("raw", Map.of("pca", 1.0), 1.0),
                        new LeaveMachinesOut.Candidate("smooth", Map.of("pca", 1.0), 0.05)),
                0.01);
        int n = 400;
        double[][] train = new double[n][2];
        for (int t = 0; t < n; t++) {
            train[t] = new double[] {Math.sin(t / 7.0), Math.sin(t / 7.0) + 0.01 * Math.cos(t)};
        }
        int[] labels = new int[n];
        // machine "spiky": one-row anomalies (smoothing hurts); "long": a long one (smoothing helps against noise)
        double[] rawS = new double[n];
        double[] rawL = new double[n];
        for (int t = 0; t < n; t++) {
            labels[t] = t % 50 == 25 ? 1 : 0;
            rawS[t] = labels[t] == 1 ? 1.0 : 0.1;
            rawL[t] = (t >= 200 && t < 300 ? 0.6 : 0.1) + ((t * 7919) % 13 == 0 ? 0.8 : 0);
        }
        int[] longLabels = new int[n];
        for (int t = 200; t < 300; t++) {
            longLabels[t] = 1;
        }
        lmo.addMachine("spiky", train, train, labels, Map.of("pca", rawS));
        lmo.addMachine("long", train, train, longLabels, Map.of("pca", rawL));
        assertThat(lmo.choose(List.of("spiky"))).isEqualTo("raw");
        assertThat(lmo.choose(List.of("long"))).isEqualTo("smooth");
        Map<String, Object> r = lmo.result(13);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> folds = (List<Map<String, Object>>) r.get("folds");
        assertThat(folds).hasSize(2);
        for (Map<String, Object> f : folds) {
            String chosenOn = ((List<?>) f.get("selected_on")).get(0).toString();
            assertThat(f.get("chosen")).isEqualTo(chosenOn.equals("spiky") ? "raw" : "smooth");
            assertThat(f.get("reported_on")).isNotEqualTo(f.get("selected_on"));
        }
        // each is reported with the other's (wrong) choice, so the held-out mean is below the in-sample best
        double held = (Double) r.get("roc_auc");
        double best = (lmo.mean("raw", List.of("spiky")).rocAuc()
                        + lmo.mean("smooth", List.of("long")).rocAuc())
                / 2;
        assertThat(held).isLessThan(best);
    }
}
