package io.maximus.hcl.models.forecast;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.DemandForecast;
import io.maximus.hcl.core.OperationalMode;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Scale before a predicted peak: when a service's demand is still below the threshold but its forecast peak within
 * the peak horizon (the next hour) is above it, plan a {@code scale_deployment} of the service now, with a trigger
 * that says what was predicted, for when, and the interval. One plan per predicted peak: after a plan the rule stays
 * quiet until the episode is over (the planned peak time has passed and both the demand and its forecast peak are
 * back below the threshold); sustained load beyond that is the CEP rule's business.
 */
public final class ForecastPeakRule implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Rule id. */
    public static final String ID = "forecast-peak";

    private final double threshold;
    private final int replicasDelta;

    /** A rule firing when the forecast peak passes {@code threshold}; scales by {@code replicasDelta}. */
    public ForecastPeakRule(double threshold, int replicasDelta) {
        this.threshold = threshold;
        this.replicasDelta = replicasDelta;
    }

    /**
     * The plan for a forecast, if any. {@code lastPlannedPeak} is the predicted peak time (epoch ms) of the previous
     * plan for this service while its episode lasts, 0 when none (see {@link #episodeOver}); {@code stateBefore} the
     * metrics the decision is taken on.
     */
    public Optional<ActionPlan> onForecast(
            DemandForecast f, long lastPlannedPeak, OperationalMode mode, Map<String, Double> stateBefore) {
        DemandForecast.Point peak = f.peak();
        if (peak == null || !(f.lastValue() < threshold) || !(peak.mean() > threshold) || lastPlannedPeak != 0) {
            return Optional.empty();
        }
        String service = f.scope().service();
        String trigger = String.format(
                Locale.ROOT,
                "%s of service %s forecast to peak at %.1f%% (%.0f%% interval %.1f-%.1f) at %s, %d minutes ahead, above "
                        + "the %.0f%% threshold (now %.1f%%; %s fitted on points up to %s): scaling up ahead of the peak",
                f.metric(),
                service,
                peak.mean(),
                100 * f.coverage(),
                peak.lower(),
                peak.upper(),
                Instant.ofEpochMilli(peak.at()),
                peak.minutesAhead(),
                threshold,
                f.lastValue(),
                f.model(),
                Instant.ofEpochMilli(f.fittedAt()));
        Action scale = new Action(
                ActionType.SCALE_DEPLOYMENT,
                service,
                Map.of(
                        "replicas_delta",
                        replicasDelta,
                        "reason",
                        ID,
                        "predicted_peak",
                        peak.mean(),
                        "predicted_at",
                        Instant.ofEpochMilli(peak.at()).toString()));
        return Optional.of(new ActionPlan(
                f.scope(),
                f.eventTime() - 1,
                ID,
                trigger,
                mode == null ? OperationalMode.BALANCED : mode,
                List.of(scale),
                5,
                false,
                ID + ":" + service + ":" + peak.at(),
                stateBefore));
    }

    /** Whether the episode of a plan made for a peak at {@code lastPlannedPeak} (non-zero) is over at forecast f. */
    public boolean episodeOver(DemandForecast f, long lastPlannedPeak) {
        return lastPlannedPeak != 0
                && f.eventTime() > lastPlannedPeak
                && f.lastValue() < threshold
                && f.peak() != null
                && f.peak().mean() < threshold;
    }
}
