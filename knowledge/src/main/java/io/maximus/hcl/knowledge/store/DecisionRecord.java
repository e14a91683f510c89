package io.maximus.hcl.knowledge.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maximus.hcl.core.Decision;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.OperationalMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of {@code hcl_decisions}. The JSON columns are kept as trees, so whatever the job wrote is
 * returned as it was. Times are held at the database's microsecond precision.
 *
 * @param id decision id
 * @param timestamp event time
 * @param service service of the scope
 * @param host host of the scope, or null for a whole service
 * @param trigger why, in words
 * @param mode the operational mode in force
 * @param actionsTaken JSON array of {type, target, params, dry_run, status, call, detail}
 * @param stateBefore JSON object metric → number
 * @param stateAfter JSON object metric → number, or null until known
 * @param outcome null until known
 * @param rewardSignal null until known
 * @param humanFeedback an operator's comment, or null
 * @param rule the rule or policy that decided, or null
 */
public record DecisionRecord(
        UUID id,
        Instant timestamp,
        String service,
        String host,
        String trigger,
        OperationalMode mode,
        JsonNode actionsTaken,
        JsonNode stateBefore,
        JsonNode stateAfter,
        Outcome outcome,
        Double rewardSignal,
        String humanFeedback,
        String rule) {

    public DecisionRecord {
        Objects.requireNonNull(id, "id");
        timestamp = Objects.requireNonNull(timestamp, "timestamp").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(actionsTaken, "actionsTaken");
        Objects.requireNonNull(stateBefore, "stateBefore");
    }

    /** The row for a decision of the job. */
    public static DecisionRecord of(Decision d) {
        return new DecisionRecord(
                UUID.fromString(d.id()),
                Instant.ofEpochMilli(d.timestamp()),
                d.scope().service(),
                d.scope().host(),
                d.trigger(),
                d.operationalMode(),
                Json.MAPPER.valueToTree(d.actionsTaken()),
                Json.MAPPER.valueToTree(d.stateBefore()),
                d.stateAfter() == null ? null : Json.MAPPER.valueToTree(d.stateAfter()),
                d.outcome() == null ? null : Outcome.parse(d.outcome()),
                d.rewardSignal(),
                d.humanFeedback(),
                d.rule());
    }

    /** The API's JSON form: the shape of a {@link Decision} on {@code hcl.decisions} (scope nested). */
    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", id.toString());
        o.put("timestamp", Times.iso(timestamp));
        ObjectNode scope = o.putObject("scope");
        scope.put("service", service);
        scope.put("host", host);
        o.put("trigger", trigger);
        o.put("operational_mode", mode.name());
        o.set("actions_taken", actionsTaken);
        o.set("state_before", stateBefore);
        o.set("state_after", stateAfter);
        o.put("outcome", outcome == null ? null : outcome.name());
        // NaN and the infinities (storable in the float8 column) have no JSON number: written as null.
        o.put("reward_signal", rewardSignal == null || !Double.isFinite(rewardSignal) ? null : rewardSignal);
        o.put("human_feedback", humanFeedback);
        o.put("rule", rule);
        return o;
    }
}
