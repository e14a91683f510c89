package io.maximus.hcl.models.plan.sac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.models.plan.sim.PlanEvaluation;
import io.maximus.hcl.models.plan.sim.PolicyMetrics;
import io.maximus.hcl.models.plan.sim.Trace;
import io.maximus.hcl.models.plan.sim.policy.Action;
import io.maximus.hcl.models.plan.sim.policy.Observation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SacTrainerTest {

    /** Two days of 30-s steps: a daily cycle around 560 requests/s (7 replicas at 100%), with a burst. */
    private static Trace trace() {
        int n = 2 * 2880;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 400 + 250 * Math.sin(2 * Math.PI * i / 2880.0) + (i % 1440 > 700 && i % 1440 < 720 ? 200 : 0);
        }
        return new Trace("cycle", 0, 30, v);
    }

    private static SacTrainer.Config tiny(long seed) {
        return new SacTrainer.Config(32, 600, 200, 32, 10_000, 0.95, 0.005, 1e-3, 240, 300, seed);
    }

    @Test
    void thePlainJavaActorEqualsDjlBeforeAndAfterTrainingAndTrainingIsSeeded() {
        PlanEvaluation eval = new PlanEvaluation(PlanEvaluation.Settings.defaults());
        Random rnd = new Random(7);
        int n = 16;
        float[] obs = new float[n * SacFeatures.OBS];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) (rnd.nextDouble() * 2 - 0.5);
        }
        SacActor first;
        try (SacTrainer trainer = new SacTrainer(tiny(1), eval)) {
            assertEqual(trainer, obs, n);
            SacTrainer.Result r = trainer.train(trace(), 1.0, 7, 720);
            assertEqual(trainer, obs, n);
            assertThat(r.metrics()).containsKeys("train_seconds", "best_step", "alpha", "validation_replica_hours");
            assertThat((double) r.metrics().get("alpha")).isPositive().isNotEqualTo(1.0); // the temperature learned
            first = trainer.actor();
        }
        try (SacTrainer again = new SacTrainer(tiny(1), eval)) {
            again.train(trace(), 1.0, 7, 720);
            float[] x = java.util.Arrays.copyOf(obs, SacFeatures.OBS);
            assertThat(again.actor().forward(x)).containsExactly(first.forward(x));
        }
    }

    private static void assertEqual(SacTrainer trainer, float[] obs, int n) {
        float[] djl = trainer.djlForward(obs, n);
        SacActor actor = trainer.actor();
        int out = 2 * SacFeatures.ACT;
        for (int i = 0; i < n; i++) {
            float[] x = java.util.Arrays.copyOfRange(obs, i * SacFeatures.OBS, (i + 1) * SacFeatures.OBS);
            float[] java = actor.forward(x);
            for (int j = 0; j < out; j++) {
                assertThat(java[j]).isCloseTo(djl[i * out + j], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void theArtifactRoundTripsAndRefusesATamperedActor(@TempDir Path dir) throws Exception {
        SacActor actor = SacActor.constant(new float[] {0.2f, -0.4f});
        SacArtifact.save(dir, actor, "sac-test-1", Map.of("steps", 1), Map.of("train_seconds", 0.1));
        SacActor loaded = SacArtifact.load(dir);
        float[] x = new float[SacFeatures.OBS];
        x[0] = 0.9f;
        assertThat(loaded.act(x)).containsExactly(actor.act(x));
        assertThat(loaded.act(x)[0]).isCloseTo(0.2f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(SacArtifact.version(dir)).isEqualTo("sac-test-1");
        byte[] bin = Files.readAllBytes(dir.resolve(SacArtifact.ACTOR_FILE));
        bin[bin.length - 1] ^= 1;
        Files.write(dir.resolve(SacArtifact.ACTOR_FILE), bin);
        assertThatThrownBy(() -> SacArtifact.load(dir)).hasMessageContaining("does not match its manifest");
        assertThatThrownBy(() -> SacArtifact.load(dir.resolve("none"))).hasMessageContaining("hcl train plan");
    }

    @Test
    void theActionMeansATargetUtilizationAndACpuLimit() {
        Observation o = new Observation(0, 560, 0.8, 0, 120, 0.5, 8, 8, 700, 0, 0, OperationalMode.BALANCED);
        // a0 = 0: 70% target of max(demand, forecast) = 700 on 80 requests/s replicas -> 13; a1 = 1: no throttle.
        Action a = SacFeatures.action(new float[] {0f, 1f}, o, 80, 30, OperationalMode.BALANCED);
        assertThat(a.targetReplicas()).isEqualTo(13);
        assertThat(a.cpuLimit()).isEqualTo(1.0);
        assertThat(SacFeatures.target(-1)).isEqualTo(SacFeatures.MIN_TARGET);
        assertThat(SacFeatures.of(o, 80, 400, 30)).hasSize(SacFeatures.OBS);
    }

    @Test
    void aSacPolicyRunsInTheSimulatorAndTheRewardPunishesViolations() {
        PlanEvaluation eval = new PlanEvaluation(PlanEvaluation.Settings.defaults());
        Trace t = trace();
        PolicyMetrics roomy =
                eval.run(new SacPolicy(SacActor.constant(new float[] {-0.6f, 1f}), 80, 400, 30), t, new double[0]);
        PolicyMetrics tight =
                eval.run(new SacPolicy(SacActor.constant(new float[] {0.99f, 1f}), 80, 400, 30), t, new double[0]);
        assertThat(roomy.replicaHours()).isGreaterThan(tight.replicaHours());
        assertThat(roomy.sloViolationMin()).isLessThanOrEqualTo(tight.sloViolationMin());
    }
}
