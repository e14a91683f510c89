package io.maximus.hcl.tools.eval.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class NabScorerTest {

    static final Path NAB = Path.of("/work/shared/datasets/nab");

    @Test
    void scaledSigmoidMatchesNabsDefinition() {
        assertThat(NabScorer.scaledSigmoid(-1.0)).isCloseTo(2 / (1 + Math.exp(-5.0)) - 1, within(1e-12));
        assertThat(NabScorer.scaledSigmoid(0.0)).isCloseTo(0.0, within(1e-12));
        assertThat(NabScorer.scaledSigmoid(3.5)).isEqualTo(-1.0);
    }

    @Test
    void earlyDetectionEarnsTheFullRewardAndFalsePositivesCost() {
        int n = 1000;
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_400_000_000L + 300L * i;
        }
        NabCorpus.Series s =
                new NabCorpus.Series("x/y.csv", ts, new double[n], List.<long[]>of(new long[] {ts[500], ts[599]}));
        NabCorpus.Profile standard = new NabCorpus.Profile("standard", 1.0, 0.11, 1.0);
        NabScorer scorer = new NabScorer();
        double[] scores = new double[n];
        assertThat(scorer.scoreFile(s, scores, standard, 0.5, 0)).isEqualTo(-1.0); // missed window
        scores[500] = 1;
        assertThat(scorer.scoreFile(s, scores, standard, 0.5, 0)).isCloseTo(1.0, within(1e-12));
        scores[400] = 1; // a false positive before any window costs the full fpWeight
        assertThat(scorer.scoreFile(s, scores, standard, 0.5, 0)).isCloseTo(1.0 - 0.11, within(1e-12));
        scores[100] = 1; // inside the probationary period (150 rows): ignored
        assertThat(scorer.scoreFile(s, scores, standard, 0.5, 0)).isCloseTo(1.0 - 0.11, within(1e-12));
        double late = scorer.scoreFile(s, new double[n], standard, 0.5, 0);
        double[] lateScores = new double[n];
        lateScores[590] = 1;
        assertThat(scorer.scoreFile(s, lateScores, standard, 0.5, 0)).isBetween(late, 1.0);
    }

    @Test
    void reproducesNumentaHtmPublishedScores() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(NAB.resolve("results/numenta")), "NAB data not present");
        NabCorpus corpus = NabCorpus.load(NAB);
        List<double[]> scores = new ArrayList<>();
        for (NabCorpus.Series s : corpus.series()) {
            scores.add(EvalNabCommand.readScores(NAB.resolve("results/numenta"), s));
        }
        List<NabScorer.ProfileResult> r = new NabScorer().score(corpus, scores);
        assertThat(r)
                .extracting(NabScorer.ProfileResult::profile)
                .containsExactly("standard", "reward_low_FP_rate", "reward_low_FN_rate");
        assertThat(r.get(0).normalized()).isCloseTo(70.10, within(0.5));
        assertThat(r.get(1).normalized()).isCloseTo(63.12, within(0.5));
        assertThat(r.get(2).normalized()).isCloseTo(74.32, within(0.5));
        assertThat(r.get(0).raw()).isCloseTo(46.6344501971, within(1e-6));
    }
}
