package io.maximus.hcl.models.plan.sac;

import io.maximus.hcl.models.plan.sim.PlanEvaluation;
import io.maximus.hcl.models.plan.sim.ServiceConfig;
import io.maximus.hcl.models.plan.sim.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains the SAC agent for {@link PlanEvaluation}'s {@code sac} column (and {@code hcl train plan}): the trainer on the
 * scaled training part, validated on its last 3 days (at most a fifth of it), optionally written as an artifact.
 */
public final class SacTraining implements PlanEvaluation.PolicyTrainer {

    private final SacTrainer.Config config;
    private final Path out;
    private final String version;
    private SacTrainer.Result last;

    /** Training with {@code config}; the artifact goes to {@code out} (null: not written) as {@code version}. */
    public SacTraining(SacTrainer.Config config, Path out, String version) {
        this.config = config;
        this.out = out;
        this.version = version;
    }

    @Override
    public PlanEvaluation.Trained train(Trace train, PlanEvaluation evaluation) {
        ServiceConfig service = evaluation.settings().service();
        int validation = Math.min(train.length() / 5, 3 * 86_400 / service.stepSeconds());
        try (SacTrainer trainer = new SacTrainer(config, evaluation)) {
            last = trainer.train(
                    train, evaluation.settings().lambda(), evaluation.settings().p95Replicas(), validation);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("hidden", config.hidden() + "x" + config.hidden());
        params.put("env_steps", config.steps());
        params.put("seed", config.seed());
        params.putAll(last.metrics());
        if (out != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("hidden", config.hidden());
            p.put("steps", config.steps());
            p.put("warmup", config.warmup());
            p.put("batch", config.batch());
            p.put("gamma", config.gamma());
            p.put("tau", config.tau());
            p.put("learning_rate", config.learningRate());
            p.put("episode_steps", config.episodeSteps());
            p.put("seed", config.seed());
            p.put("trace", train.name());
            p.put("step_seconds", service.stepSeconds());
            p.put("lambda", evaluation.settings().lambda());
            try {
                SacArtifact.save(out, last.actor(), version, p, last.metrics());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the SAC artifact to " + out, e);
            }
            params.put("artifact", out.toString());
        }
        return new PlanEvaluation.Trained(
                new SacPolicy(last.actor(), service.capacityPerReplica(), service.sloP99Ms(), service.stepSeconds()),
                params);
    }

    /** The last training's result (null before one). */
    public SacTrainer.Result last() {
        return last;
    }
}
