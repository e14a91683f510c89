package io.maximus.hcl.models.failure;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.FailureRisk;
import io.maximus.hcl.core.ModelEvidence;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a scored row of the {@link FailureMonitor} into what the loop sees: a {@link FailureRisk} analysis event and,
 * when an alarm is raised, a plan (rule {@value #RULE}) with a {@code notify} action whose trigger names the host,
 * its service, the probability and the features that drove it.
 */
public final class FailureAlarms {

    /** Rule id of failure-prediction plans. */
    public static final String RULE = "failure-predicted";

    /** Rule id of the restart planned when one instance's memory (or another configured metric) runs out. */
    public static final String RESTART_RULE = "exhaustion-restart";

    private FailureAlarms() {}

    /** The analysis event of a scored row. */
    public static FailureRisk event(Scope scope, FailureMonitor.Scored s, FleetFailureModel model, double threshold) {
        List<FailureRisk.Driver> drivers = new ArrayList<>();
        for (FailurePrediction.Driver d : s.drivers()) {
            drivers.add(new FailureRisk.Driver(d.feature(), round(d.value()), round(d.contribution())));
        }
        return new FailureRisk(
                FailureRisk.KIND,
                scope,
                s.eventTime(),
                model.version(),
                round(s.probability()),
                threshold,
                s.alarmed(),
                s.transition().name().toLowerCase(Locale.ROOT),
                model.leadMinMinutes(),
                model.leadMaxMinutes(),
                drivers,
                s.values());
    }

    /**
     * The plan for a raised alarm. The host-level predictor does not see the service's operational mode, so plans
     * carry BALANCED. The trigger says which evidence fired: the model's probability and drivers, and for exhaustion the
     * metric, its predicted time to exhaustion and the instant. The idempotency key names the host and the row the
     * alarm was raised on, so a replay or a restart plans it once. The plan's evidence names the model that fired
     * (the learned model's version, or {@code exhaustion}) and which evidence holds.
     */
    public static ActionPlan plan(FailureRisk r) {
        String host = r.scope().host() == null ? "?" : r.scope().host();
        List<String> parts = new ArrayList<>();
        boolean model = r.evidence().contains(FailureRisk.EVIDENCE_MODEL);
        if (model) {
            StringBuilder why = new StringBuilder();
            for (FailureRisk.Driver d : r.drivers()) {
                why.append(why.length() == 0 ? "" : ", ")
                        .append(String.format(
                                Locale.ROOT, "%s = %.2f (%+.2f log-odds)", d.feature(), d.value(), d.contribution()));
            }
            parts.add(String.format(
                    Locale.ROOT,
                    "P(failure in %d-%d min) = %.2f (threshold %.2f) at %s; driven by %s",
                    r.leadMinMinutes(),
                    r.leadMaxMinutes(),
                    r.probability(),
                    r.threshold(),
                    Instant.ofEpochMilli(r.eventTime()),
                    why.length() == 0 ? "-" : why));
        }
        if (r.exhaustingMetric() != null) {
            Double now = r.metrics().get(r.exhaustingMetric());
            parts.add(String.format(
                    Locale.ROOT,
                    "%s runs out in %d min (time to exhaustion %d s, at %s)%s",
                    r.exhaustingMetric(),
                    Math.round(r.timeToExhaustionS() / 60.0),
                    r.timeToExhaustionS(),
                    Instant.ofEpochMilli(r.exhaustionAt()),
                    now == null ? "" : String.format(Locale.ROOT, ", now %.1f", now)));
        }
        String trigger = String.format(
                Locale.ROOT,
                "failure predicted on host %s of service %s: %s; evidence: %s",
                host,
                r.scope().service(),
                String.join("; ", parts),
                String.join(", ", r.evidence()));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("evidence", String.join(",", r.evidence()));
        if (model) {
            params.put("probability", r.probability());
            params.put("threshold", r.threshold());
            params.put("horizon_minutes", r.leadMinMinutes() + "-" + r.leadMaxMinutes());
            params.put(
                    "drivers",
                    String.join(
                            ",",
                            r.drivers().stream()
                                    .map(FailureRisk.Driver::feature)
                                    .toList()));
        }
        if (r.exhaustingMetric() != null) {
            params.put("exhausting_metric", r.exhaustingMetric());
            params.put("time_to_exhaustion_s", r.timeToExhaustionS());
            params.put("exhaustion_at", Instant.ofEpochMilli(r.exhaustionAt()).toString());
        }
        params.put("model", r.model());
        params.put("message", trigger);
        Action notify = new Action(ActionType.NOTIFY, host, params);
        return new ActionPlan(
                r.scope(),
                r.eventTime(),
                RULE,
                trigger,
                OperationalMode.BALANCED,
                List.of(notify),
                6,
                false,
                RULE + ":" + r.scope().key() + ":" + r.eventTime(),
                r.metrics(),
                0L,
                List.of(ModelEvidence.ofFailureRisk(r)));
    }

    /**
     * Rule {@value #RESTART_RULE}: a raised exhaustion warning on one of {@code metrics} (e.g. an instance's
     * {@code memory_usage} against its heap limit) becomes a {@code restart} of that one instance: target the service
     * (the actuator's target map names the deployment), parameter {@code instance} the host as telemetry names it (the
     * actuator resolves it against the deployment's live instances and refuses any other). Empty when the alarm is not
     * an exhaustion warning on one of those metrics, or has no host.
     */
    public static java.util.Optional<ActionPlan> restart(FailureRisk r, List<String> metrics) {
        String metric = r.exhaustingMetric();
        String host = r.scope().host();
        if (metric == null || host == null || host.isBlank() || !metrics.contains(metric)) {
            return java.util.Optional.empty();
        }
        Double now = r.metrics().get(metric);
        String trigger = String.format(
                Locale.ROOT,
                "%s of instance %s of service %s runs out in %d s (at %s)%s: restart that instance before it does",
                metric,
                host,
                r.scope().service(),
                r.timeToExhaustionS(),
                Instant.ofEpochMilli(r.exhaustionAt()),
                now == null ? "" : String.format(Locale.ROOT, ", now %.1f", now));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("instance", host);
        params.put("reason", RESTART_RULE);
        params.put("exhausting_metric", metric);
        params.put("time_to_exhaustion_s", r.timeToExhaustionS());
        Action restart = new Action(ActionType.RESTART, r.scope().service(), params);
        return java.util.Optional.of(new ActionPlan(
                r.scope(),
                r.eventTime(),
                RESTART_RULE,
                trigger,
                OperationalMode.BALANCED,
                List.of(restart),
                6,
                false,
                RESTART_RULE + ":" + r.scope().key() + ":" + r.eventTime(),
                r.metrics()));
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
