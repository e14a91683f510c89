package io.maximus.hcl.models.plan.sac;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.maximus.hcl.models.plan.sim.Episode;
import io.maximus.hcl.models.plan.sim.PlanEvaluation;
import io.maximus.hcl.models.plan.sim.PolicyMetrics;
import io.maximus.hcl.models.plan.sim.ServiceConfig;
import io.maximus.hcl.models.plan.sim.StepResult;
import io.maximus.hcl.models.plan.sim.Trace;
import io.maximus.hcl.models.plan.sim.policy.Action;
import io.maximus.hcl.models.plan.sim.policy.Observation;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Soft Actor-Critic (Haarnoja et al. 2018, with the learned temperature of the 2019 revision) trained offline in the
 * plan simulator on DJL's PyTorch engine: a tanh-squashed Gaussian actor, twin Q critics with target networks
 * updated by Polyak averaging, a learned entropy temperature {@code alpha} (target entropy = -|A|), a uniform replay
 * buffer, the first {@code warmup} steps with uniform random actions. Episodes are windows of the training trace at
 * seeded random offsets, run through {@link Episode} exactly as the evaluation runs a policy. Every
 * {@code checkEvery} steps the deterministic actor is run on the validation tail of the training part and the best
 * one (by the calibration objective) is kept. Fully seeded; one PyTorch thread.
 *
 * <p>Reward per step, the seed's terms on the calibration objective's scale: SLA compliance and cost savings as
 * {@code -(replica-hours x (0.9 + 0.1 cpu) + lambda x violation minutes) x 3600 / (step x refReplicas)}, minus
 * {@code 0.1} for a false positive (a scale-up while utilization was under 0.5 and p99 under half the SLO),
 * {@code 0.02} for any change of the replica count (churn) and {@code 2} for downtime (no ready replica, or requests
 * dropped).
 */
public final class SacTrainer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SacTrainer.class);
    private static final String ENGINE = "PyTorch";
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    /**
     * Hyperparameters.
     *
     * @param hidden units of each of the two hidden layers (actor and critics)
     * @param steps environment steps in all
     * @param warmup steps with uniform random actions before learning
     * @param batch minibatch size
     * @param buffer replay buffer capacity
     * @param gamma discount
     * @param tau Polyak coefficient of the target networks
     * @param learningRate Adam learning rate (actor, critics, temperature)
     * @param episodeSteps steps per episode
     * @param checkEvery steps between validation runs of the deterministic actor
     * @param seed seed of everything
     */
    public record Config(
            int hidden,
            int steps,
            int warmup,
            int batch,
            int buffer,
            double gamma,
            double tau,
            double learningRate,
            int episodeSteps,
            int checkEvery,
            long seed) {

        /** Defaults: 64x64, 10 000 steps (1 000 random), batch 64, gamma 0.95, tau 0.005, lr 3e-4, 4 h episodes. */
        public static Config defaults() {
            return new Config(64, 10_000, 1_000, 64, 100_000, 0.95, 0.005, 3e-4, 480, 2_000, 42L);
        }
    }

    /** The trained actor and what training measured. */
    public record Result(SacActor actor, Map<String, Object> metrics) {}

    private final Config config;
    private final PlanEvaluation evaluation;
    private final NDManager root;
    private final DjlMlp actor;
    private final DjlMlp q1;
    private final DjlMlp q2;
    private final DjlMlp q1Target;
    private final DjlMlp q2Target;
    private final NDArray logAlpha;
    private final Optimizer actorOpt;
    private final Optimizer criticOpt;
    private final Optimizer alphaOpt;
    private final SplittableRandom noise;

    /** A trainer for the service and safety limits of {@code evaluation}. */
    public SacTrainer(Config config, PlanEvaluation evaluation) {
        this.config = config;
        this.evaluation = evaluation;
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        Engine engine = Engine.getEngine(ENGINE);
        engine.setRandomSeed((int) config.seed());
        this.root = engine.newBaseManager(Device.cpu());
        Random init = new Random(config.seed());
        int obs = SacFeatures.OBS;
        int act = SacFeatures.ACT;
        int h = config.hidden();
        this.actor = new DjlMlp("actor", root, new int[] {obs, h, h, 2 * act}, init, true);
        this.q1 = new DjlMlp("q1", root, new int[] {obs + act, h, h, 1}, init, true);
        this.q2 = new DjlMlp("q2", root, new int[] {obs + act, h, h, 1}, init, true);
        this.q1Target = new DjlMlp("q1t", root, new int[] {obs + act, h, h, 1}, init, false);
        this.q2Target = new DjlMlp("q2t", root, new int[] {obs + act, h, h, 1}, init, false);
        q1Target.copyFrom(q1);
        q2Target.copyFrom(q2);
        this.logAlpha = root.create(new float[] {0f}, new Shape(1));
        logAlpha.setRequiresGradient(true);
        this.actorOpt = adam(config.learningRate());
        this.criticOpt = adam(config.learningRate());
        this.alphaOpt = adam(config.learningRate());
        this.noise = new SplittableRandom(config.seed() ^ 0x5AC5AC5AL);
    }

    private static Optimizer adam(double lr) {
        return Optimizer.adam()
                .optLearningRateTracker(Tracker.fixed((float) lr))
                .build();
    }

    /**
     * Trains on {@code train} (the scaled training part, requests/s) with {@code lambda} replica-hours per violation
     * minute and {@code refReplicas} the typical replica count; the last {@code validationSteps} of it are also the
     * validation run that picks the checkpoint.
     */
    public Result train(Trace train, double lambda, int refReplicas, int validationSteps) {
        long t0 = System.nanoTime();
        ServiceConfig service = evaluation.settings().service();
        int dt = service.stepSeconds();
        double cap = service.capacityPerReplica();
        double slo = service.sloP99Ms();
        int obsDim = SacFeatures.OBS;
        int actDim = SacFeatures.ACT;
        int cap0 = config.buffer();
        float[] bufS = new float[cap0 * obsDim];
        float[] bufA = new float[cap0 * actDim];
        float[] bufR = new float[cap0];
        float[] bufS2 = new float[cap0 * obsDim];
        int size = 0;
        int next = 0;
        Random rnd = new Random(config.seed());
        int day = 86_400 / dt;
        int minOffset = Math.min(day + 120, Math.max(0, train.length() - config.episodeSteps() - 1));
        int maxOffset = Math.max(minOffset, train.length() - config.episodeSteps());
        int valFrom = Math.max(0, train.length() - validationSteps);
        Trace validation = train.slice(valFrom, train.length());
        double[] valPrior = Arrays.copyOf(train.values(), valFrom);
        double scale = 3600.0 / (dt * Math.max(1, refReplicas));
        SacActor best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        PolicyMetrics bestMetrics = null;
        int bestStep = 0;
        double lastQLoss = Double.NaN;
        double rewardSum = 0;
        int episodes = 0;
        Episode ep = null;
        float[] s = null;
        int t = 0;
        while (t < config.steps()) {
            if (ep == null || !ep.hasNext()) {
                int off = minOffset + (maxOffset > minOffset ? rnd.nextInt(maxOffset - minOffset + 1) : 0);
                int end = Math.min(train.length(), off + config.episodeSteps());
                ep = evaluation.episode(train.slice(off, end), Arrays.copyOf(train.values(), off));
                s = SacFeatures.of(ep.observe(), cap, slo, dt);
                episodes++;
            }
            Observation o = ep.observe();
            float[] a = t < config.warmup() ? uniform(rnd) : sample(s);
            Action proposed = SacFeatures.action(a, o, cap, dt, o.mode());
            Episode.Step step = ep.step(proposed);
            StepResult r = step.result();
            double reward = reward(step, lambda, scale, dt, slo);
            rewardSum += reward;
            float[] s2 = SacFeatures.of(ep.observe(), cap, slo, dt);
            System.arraycopy(s, 0, bufS, next * obsDim, obsDim);
            System.arraycopy(a, 0, bufA, next * actDim, actDim);
            bufR[next] = (float) reward;
            System.arraycopy(s2, 0, bufS2, next * obsDim, obsDim);
            next = (next + 1) % cap0;
            size = Math.min(size + 1, cap0);
            s = s2;
            t++;
            if (t >= config.warmup() && size >= config.batch()) {
                lastQLoss = update(bufS, bufA, bufR, bufS2, size, rnd);
            }
            if (t >= config.warmup() && (t % config.checkEvery() == 0 || t == config.steps())) {
                SacActor candidate = actor.toActor();
                PolicyMetrics m = evaluation.run(new SacPolicy(candidate, cap, slo, dt), validation, valPrior);
                double cost = m.cost(lambda);
                LOG.info(
                        "SAC step {}/{}: validation {} violation-min, {} replica-h (cost {}); alpha {}, Q loss {},"
                                + " mean reward {}",
                        t,
                        config.steps(),
                        round(m.sloViolationMin()),
                        round(m.replicaHours()),
                        round(cost),
                        round(Math.exp(logAlpha.getFloat())),
                        round(lastQLoss),
                        round(rewardSum / t));
                if (cost < bestCost) {
                    bestCost = cost;
                    best = candidate;
                    bestMetrics = m;
                    bestStep = t;
                }
            }
        }
        if (best == null) {
            best = actor.toActor();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("train_seconds", round(seconds));
        metrics.put("env_steps", config.steps());
        metrics.put("episodes", episodes);
        metrics.put("mean_reward", round(rewardSum / Math.max(1, t)));
        metrics.put("best_step", bestStep);
        metrics.put("alpha", round(Math.exp(logAlpha.getFloat())));
        if (bestMetrics != null) {
            metrics.put("validation_slo_violation_min", round(bestMetrics.sloViolationMin()));
            metrics.put("validation_replica_hours", round(bestMetrics.replicaHours()));
        }
        LOG.info("SAC trained: {}", metrics);
        return new Result(best, metrics);
    }

    static double reward(Episode.Step step, double lambda, double scale, int dt, double slo) {
        StepResult r = step.result();
        Observation o = step.observation();
        double replicaHours = r.replicas() * (0.9 + 0.1 * r.cpuLimit()) * dt / 3600.0;
        double violationMin = r.violated() ? dt / 60.0 : 0;
        boolean falsePositive =
                step.applied().targetReplicas() > o.currentReplicas() && o.utilization() < 0.5 && o.p99Ms() < slo / 2;
        boolean downtime = r.ready() == 0 || r.dropped() > 0;
        boolean changed = step.applied().targetReplicas() != o.currentReplicas();
        return -(replicaHours + lambda * violationMin) * scale
                - (falsePositive ? 0.1 : 0)
                - (changed ? 0.02 : 0)
                - (downtime ? 2 : 0);
    }

    private float[] uniform(Random rnd) {
        float[] a = new float[SacFeatures.ACT];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return a;
    }

    /** A stochastic action for one observation. */
    private float[] sample(float[] s) {
        try (NDManager sub = root.newSubManager()) {
            float[] out = actor.forward(sub.create(s, new Shape(1, s.length))).toFloatArray();
            float[] a = new float[SacFeatures.ACT];
            for (int i = 0; i < a.length; i++) {
                double logStd = Math.max(-5, Math.min(2, out[a.length + i]));
                a[i] = (float) Math.tanh(out[i] + Math.exp(logStd) * noise.nextGaussian());
            }
            return a;
        }
    }

    /** Reparameterized sample for a batch: {action [n x A], log-prob [n x 1]}. */
    private NDArray[] policy(NDManager sub, NDArray s, int n) {
        int act = SacFeatures.ACT;
        NDArray out = actor.forward(s);
        NDArray mean = out.get(":, 0:" + act);
        NDArray logStd = out.get(":, " + act + ":").clip(-5, 2);
        float[] e = new float[n * act];
        for (int i = 0; i < e.length; i++) {
            e[i] = (float) noise.nextGaussian();
        }
        NDArray eps = sub.create(e, new Shape(n, act));
        NDArray u = mean.add(logStd.exp().mul(eps));
        NDArray a = u.tanh();
        NDArray gauss = eps.square().mul(-0.5f).sub(logStd).sub((float) HALF_LOG_2PI);
        NDArray squash = a.square().neg().add(1 + 1e-6f).log();
        NDArray logp = gauss.sub(squash).sum(new int[] {1}, true);
        return new NDArray[] {a, logp};
    }

    private double update(float[] bufS, float[] bufA, float[] bufR, float[] bufS2, int size, Random rnd) {
        int n = config.batch();
        int obs = SacFeatures.OBS;
        int act = SacFeatures.ACT;
        float[] s = new float[n * obs];
        float[] a = new float[n * act];
        float[] r = new float[n];
        float[] s2 = new float[n * obs];
        for (int i = 0; i < n; i++) {
            int j = rnd.nextInt(size);
            System.arraycopy(bufS, j * obs, s, i * obs, obs);
            System.arraycopy(bufA, j * act, a, i * act, act);
            r[i] = bufR[j];
            System.arraycopy(bufS2, j * obs, s2, i * obs, obs);
        }
        float alpha = (float) Math.exp(logAlpha.getFloat());
        float gamma = (float) config.gamma();
        double qLoss;
        try (NDManager sub = root.newSubManager()) {
            NDArray S = sub.create(s, new Shape(n, obs));
            NDArray A = sub.create(a, new Shape(n, act));
            NDArray R = sub.create(r, new Shape(n, 1));
            NDArray S2 = sub.create(s2, new Shape(n, obs));
            // Critics: y = r + gamma (min Q'(s', a') - alpha log pi(a'|s')), a' ~ pi(s'), no gradient.
            NDArray[] next = policy(sub, S2, n);
            NDArray sa2 = S2.concat(next[0], 1);
            NDArray qNext = q1Target.forward(sa2).minimum(q2Target.forward(sa2));
            NDArray y = R.add(qNext.sub(next[1].mul(alpha)).mul(gamma)).stopGradient();
            try (GradientCollector gc = Engine.getEngine(ENGINE).newGradientCollector()) {
                NDArray sa = S.concat(A, 1);
                NDArray l1 = q1.forward(sa).sub(y).square().mean();
                NDArray l2 = q2.forward(sa).sub(y).square().mean();
                NDArray loss = l1.add(l2);
                gc.backward(loss);
                qLoss = loss.getFloat();
            }
            q1.step(criticOpt);
            q2.step(criticOpt);
            // Actor: minimize alpha log pi(a|s) - min Q(s, a), a reparameterized.
            NDArray logp;
            try (GradientCollector gc = Engine.getEngine(ENGINE).newGradientCollector()) {
                NDArray[] pi = policy(sub, S, n);
                NDArray sa = S.concat(pi[0], 1);
                NDArray q = q1.forward(sa).minimum(q2.forward(sa));
                NDArray loss = pi[1].mul(alpha).sub(q).mean();
                gc.backward(loss);
                logp = pi[1].stopGradient();
            }
            actor.step(actorOpt);
            q1.zeroGradients();
            q2.zeroGradients();
            // Temperature: minimize -log alpha (log pi + target entropy), target entropy = -|A|.
            try (GradientCollector gc = Engine.getEngine(ENGINE).newGradientCollector()) {
                NDArray loss = logp.add((float) -act).mul(logAlpha).neg().mean();
                gc.backward(loss);
            }
            NDArray g = logAlpha.getGradient();
            alphaOpt.update("log_alpha", logAlpha, g);
            g.subi(g);
            g.close();
            q1Target.softUpdate(q1, (float) config.tau());
            q2Target.softUpdate(q2, (float) config.tau());
        }
        return qLoss;
    }

    /** The current actor in plain Java. */
    public SacActor actor() {
        return actor.toActor();
    }

    /** The current actor's raw output in DJL for a batch of observations {@code [n x OBS]} (for tests). */
    public float[] djlForward(float[] observations, int n) {
        try (NDManager sub = root.newSubManager()) {
            return actor.forward(sub.create(observations, new Shape(n, SacFeatures.OBS)))
                    .toFloatArray();
        }
    }

    /** The settings. */
    public Config config() {
        return config;
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }

    @Override
    public void close() {
        root.close();
    }
}
