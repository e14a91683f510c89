package io.maximus.hcl.knowledge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.knowledge.store.ApprovalStatus;
import io.maximus.hcl.knowledge.store.Cursor;
import io.maximus.hcl.knowledge.store.DecisionPatch;
import io.maximus.hcl.knowledge.store.DecisionRecord;
import io.maximus.hcl.knowledge.store.Outcome;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Parsing and validation of the API's inputs; every failure is an {@link ApiException} with status 400. */
final class Requests {

    private static final Set<String> PATCH_FIELDS = Set.of("outcome", "state_after", "reward_signal", "human_feedback");

    private Requests() {}

    static JsonNode body(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.bad("request body must be a JSON object");
        }
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            if (n == null || !n.isObject()) {
                throw ApiException.bad("request body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw ApiException.bad("malformed JSON: " + e.getOriginalMessage());
        }
    }

    static UUID uuid(String s, String what) {
        try {
            UUID u = UUID.fromString(s);
            if (!u.toString().equalsIgnoreCase(s)) {
                throw new IllegalArgumentException();
            }
            return u;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.bad(what + " is not a UUID: '" + s + "'");
        }
    }

    static Instant time(String s, String what) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e2) {
                throw ApiException.bad(
                        what + " is not an ISO-8601 time with offset (e.g. 2025-01-31T12:00:00Z): '" + s + "'");
            }
        }
    }

    static OperationalMode mode(String s) {
        try {
            return OperationalMode.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.bad(
                    "unknown operational_mode '" + s + "' (HIGH_PERFORMANCE, BALANCED or ENERGY_EFFICIENT)");
        }
    }

    static Outcome outcome(String s) {
        try {
            return Outcome.parse(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.bad(e.getMessage());
        }
    }

    static ApprovalStatus approvalStatus(String s) {
        try {
            return ApprovalStatus.parse(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.bad(e.getMessage());
        }
    }

    static Cursor cursor(String s) {
        try {
            return Cursor.decode(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.bad("malformed cursor");
        }
    }

    static int intParam(String s, String name, int dflt, int min, int max) {
        if (s == null) {
            return dflt;
        }
        int v;
        try {
            v = Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw ApiException.bad(name + " must be an integer, got '" + s + "'");
        }
        if (v < min || v > max) {
            throw ApiException.bad(name + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    /** A new decision from a POST body: the {@code hcl.decisions} record shape (scope nested or flat). */
    static DecisionRecord decision(JsonNode b, Instant now) {
        UUID id = b.hasNonNull("id") ? uuid(text(b, "id"), "id") : UUID.randomUUID();
        Instant ts = now;
        JsonNode t = b.get("timestamp");
        if (t != null && !t.isNull()) {
            if (t.isIntegralNumber()) {
                ts = Instant.ofEpochMilli(t.asLong());
            } else if (t.isTextual()) {
                ts = time(t.asText(), "timestamp");
            } else {
                throw ApiException.bad("timestamp must be an ISO-8601 string or epoch milliseconds");
            }
        }
        JsonNode scope = b.path("scope");
        String service =
                scope.isObject() && scope.hasNonNull("service") ? text(scope, "service") : optText(b, "service");
        String host = scope.isObject() && scope.hasNonNull("host") ? text(scope, "host") : optText(b, "host");
        if (service == null || service.isBlank()) {
            throw ApiException.bad("scope.service (or service) is required");
        }
        String trigger = optText(b, "trigger");
        if (trigger == null || trigger.isBlank()) {
            throw ApiException.bad("trigger is required");
        }
        if (!b.hasNonNull("operational_mode")) {
            throw ApiException.bad("operational_mode is required");
        }
        OperationalMode mode = mode(text(b, "operational_mode"));
        JsonNode actions = b.get("actions_taken");
        if (actions == null || !actions.isArray()) {
            throw ApiException.bad("actions_taken must be a JSON array");
        }
        int i = 0;
        for (JsonNode a : actions) {
            if (!a.isObject() || !a.hasNonNull("type")) {
                throw ApiException.bad("actions_taken[" + i + "] must be an object with a type");
            }
            try {
                ActionType.fromWireName(a.get("type").asText());
            } catch (IllegalArgumentException e) {
                throw ApiException.bad("actions_taken[" + i + "]: " + e.getMessage());
            }
            if (a.hasNonNull("status")) {
                try {
                    ActionStatus.valueOf(a.get("status").asText());
                } catch (IllegalArgumentException e) {
                    throw ApiException.bad("actions_taken[" + i + "]: unknown status '"
                            + a.get("status").asText() + "'");
                }
            }
            i++;
        }
        JsonNode before = b.get("state_before");
        metrics(before, "state_before", true);
        JsonNode after = b.get("state_after");
        metrics(after, "state_after", false);
        Outcome outcome = b.hasNonNull("outcome") ? outcome(text(b, "outcome")) : null;
        Double reward = reward(b);
        return new DecisionRecord(
                id,
                ts,
                service,
                host,
                trigger,
                mode,
                actions,
                before,
                after == null || after.isNull() ? null : after,
                outcome,
                reward,
                optText(b, "human_feedback"),
                optText(b, "rule"));
    }

    /** A PATCH body: only the later-known fields, at least one of them. */
    static DecisionPatch patch(JsonNode b) {
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!PATCH_FIELDS.contains(f)) {
                throw ApiException.bad("field '" + f + "' cannot be patched (outcome, state_after, reward_signal,"
                        + " human_feedback)");
            }
        }
        Outcome outcome = b.hasNonNull("outcome") ? outcome(text(b, "outcome")) : null;
        JsonNode after = b.get("state_after");
        metrics(after, "state_after", false);
        DecisionPatch p = new DecisionPatch(
                outcome, after == null || after.isNull() ? null : after, reward(b), optText(b, "human_feedback"));
        if (p.isEmpty()) {
            throw ApiException.bad("nothing to patch: give outcome, state_after, reward_signal or human_feedback");
        }
        return p;
    }

    private static Double reward(JsonNode b) {
        JsonNode r = b.get("reward_signal");
        if (r == null || r.isNull()) {
            return null;
        }
        if (!r.isNumber() || !Double.isFinite(r.asDouble())) {
            throw ApiException.bad("reward_signal must be a finite number");
        }
        return r.asDouble();
    }

    private static void metrics(JsonNode n, String name, boolean required) {
        if (n == null || n.isNull()) {
            if (required) {
                throw ApiException.bad(name + " is required");
            }
            return;
        }
        if (!n.isObject()) {
            throw ApiException.bad(name + " must be a JSON object of metric name to number");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber()) {
                throw ApiException.bad(name + "." + e.getKey() + " must be a number");
            }
        }
    }

    static String text(JsonNode b, String field) {
        JsonNode n = b.get(field);
        if (n == null || !n.isTextual()) {
            throw ApiException.bad(field + " must be a string");
        }
        return n.asText();
    }

    static String optText(JsonNode b, String field) {
        JsonNode n = b.get(field);
        return n == null || n.isNull() ? null : text(b, field);
    }
}
