package io.maximus.hcl.models.plan.sim;

import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.models.plan.sim.policy.Action;
import io.maximus.hcl.models.plan.sim.policy.Observation;
import io.maximus.hcl.models.plan.sim.policy.SafetyConstraints;
import java.util.List;

/**
 * One run of a policy in the simulator as {@link PlanEvaluation} runs it: the observation with the forecaster's peak,
 * its anomaly score and the mode in force; every action through the {@link SafetyConstraints}; the step simulated and
 * the forecaster fed. Used by the evaluation and by the SAC trainer, so both see the same environment.
 */
public final class Episode {

    /**
     * One step of an episode.
     *
     * @param observation what the policy saw
     * @param applied the action after the safety constraints
     * @param bound the constraints that clipped it
     * @param result the simulated step
     */
    public record Step(Observation observation, Action applied, List<String> bound, StepResult result) {}

    private final ServiceSimulator sim;
    private final SeasonalNaiveForecaster forecaster;
    private final SafetyConstraints safety;
    private OperationalMode mode = OperationalMode.BALANCED;
    private Observation pending;

    /** An episode over {@code load} after {@code prior} steps of history, from {@code initial} replicas. */
    public Episode(
            ServiceConfig service, SafetyConstraints safety, Trace load, double[] prior, int initial, long seed) {
        this.sim = new ServiceSimulator(service, load, initial, seed);
        this.safety = safety;
        int day = (int) (86_400 / service.stepSeconds());
        int horizon = (int) Math.ceil((double) service.startupSeconds() / service.stepSeconds()) + 1;
        this.forecaster = new SeasonalNaiveForecaster(day, horizon, (int) (3600 / service.stepSeconds()), prior);
    }

    /** Whether the load has steps left. */
    public boolean hasNext() {
        return sim.hasNext();
    }

    /** The observation before the next step, with the forecast, the anomaly score and the mode. */
    public Observation observe() {
        if (pending == null) {
            Observation raw = sim.observe();
            double anomaly = forecaster.anomaly(raw.demand(), forecaster.at(-1));
            pending = raw.withSignals(forecaster.peak(), anomaly, 0, mode);
        }
        return pending;
    }

    /** Clips {@code proposed} by the safety constraints, applies it and simulates one step. */
    public Step step(Action proposed) {
        Observation o = observe();
        SafetyConstraints.Result safe = safety.apply(proposed, o);
        Action a = safe.action();
        mode = a.mode();
        StepResult r = sim.step(a);
        forecaster.add(r.demand());
        pending = null;
        return new Step(o, a, safe.bound(), r);
    }
}
