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
import io.maximus.hcl.knowledge.store.Times;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Parsing and validation of the API's inputs; every failure is an {@link ApiException} with status 400. Beyond the
 * shapes, every value is checked against what PostgreSQL stores, so the database never refuses a write the API let
 * through (which would be a 500): no NUL (text and jsonb refuse it), no lone surrogate (not Unicode), bounded lengths
 * (a btree index entry holds about 2.7 kB: names stay within {@link #NAME_MAX} characters, 4 bytes each at most),
 * finite numbers (jsonb and JSON have no NaN or Infinity), times in {@link #MIN_TIME} .. {@link #MAX_TIME} (inside
 * {@code timestamptz}'s range, and written back as plain ISO-8601 with a 4-digit year).
 */
final class Requests {

    /** The longest name: service, host, rule, metric name, action type or target, idempotency key, who answered. */
    static final int NAME_MAX = 512;

    /** The longest free text: trigger, human feedback, an answer's reason, any string inside a JSON value. */
    static final int TEXT_MAX = 16_384;

    /** The most metrics in state_before or state_after. */
    static final int METRICS_MAX = 1_000;

    /** The most actions in one decision. */
    static final int ACTIONS_MAX = 100;

    /** The longest approval request, in seconds (7 days). */
    static final int TTL_MAX_SECONDS = 7 * 24 * 3600;

    /** The earliest time accepted. */
    static final Instant MIN_TIME = Instant.parse("0001-01-01T00:00:00Z");

    /** The latest time accepted. */
    static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999Z");

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
            checkTree(n);
            return n;
        } catch (JsonProcessingException e) {
            throw ApiException.bad("malformed JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * Refuses a string the database cannot store or the API does not take: a NUL, a lone surrogate, more than
     * {@code max} characters.
     */
    static String checkText(String s, String what, int max) {
        if (s.length() > max) {
            throw ApiException.bad(what + " is " + s.length() + " characters long; at most " + max + " are accepted");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                throw ApiException.bad(what + " contains a NUL character (\\u0000), which the database cannot store");
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ApiException.bad(what + " contains a lone UTF-16 surrogate (\\u" + Integer.toHexString(c)
                        + "), which is not Unicode text");
            }
        }
        return s;
    }

    /**
     * Checks every value of a request body, wherever it is: strings and field names ({@link #checkText}, names at most
     * {@link #NAME_MAX}, strings {@link #TEXT_MAX}) and numbers (finite as a double: JSON has no NaN or Infinity, so
     * a number beyond a double's range, such as 1e400, would not come back as a number).
     */
    static void checkTree(JsonNode root) {
        java.util.ArrayDeque<Map.Entry<String, JsonNode>> todo = new java.util.ArrayDeque<>();
        todo.push(Map.entry("body", root));
        while (!todo.isEmpty()) {
            Map.Entry<String, JsonNode> e = todo.pop();
            String where = e.getKey();
            JsonNode n = e.getValue();
            if (n.isTextual()) {
                checkText(n.textValue(), where, TEXT_MAX);
            } else if (n.isNumber() && !Double.isFinite(n.doubleValue())) {
                throw ApiException.bad(where + " is not a finite number (at most about 1.8e308 in magnitude)");
            } else if (n.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    checkText(f.getKey(), "a field name in " + where, NAME_MAX);
                    todo.push(Map.entry(where + "." + f.getKey(), f.getValue()));
                }
            } else if (n.isArray()) {
                for (int i = 0; i < n.size(); i++) {
                    todo.push(Map.entry(where + "[" + i + "]", n.get(i)));
                }
            }
        }
    }

    /** A time in the accepted range. */
    static Instant inRange(Instant t, String what) {
        if (t.isBefore(MIN_TIME) || t.isAfter(MAX_TIME)) {
            throw ApiException.bad(what + " is outside the accepted range " + MIN_TIME + " .. " + MAX_TIME + ": " + t);
        }
        return t;
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
            return inRange(OffsetDateTime.parse(s).toInstant(), what);
        } catch (DateTimeParseException e) {
            try {
                return inRange(Instant.parse(s), what);
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
            Cursor c = Cursor.decode(s);
            if (!Times.storable(c.timestamp())) {
                throw new IllegalArgumentException();
            }
            return c;
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
                if (!t.canConvertToLong()) {
                    throw ApiException.bad("timestamp in epoch milliseconds is out of range: " + t.asText());
                }
                ts = inRange(Instant.ofEpochMilli(t.longValue()), "timestamp");
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
        String trigger = optText(b, "trigger", TEXT_MAX);
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
        if (actions.size() > ACTIONS_MAX) {
            throw ApiException.bad("actions_taken has " + actions.size() + " actions; at most " + ACTIONS_MAX);
        }
        int i = 0;
        for (JsonNode a : actions) {
            if (!a.isObject() || !a.hasNonNull("type")) {
                throw ApiException.bad("actions_taken[" + i + "] must be an object with a type");
            }
            String where = "actions_taken[" + i + "]";
            text(a, "type", where + ".type", NAME_MAX);
            optText(a, "target", where + ".target", NAME_MAX);
            optText(a, "call", where + ".call", TEXT_MAX);
            optText(a, "detail", where + ".detail", TEXT_MAX);
            if (a.hasNonNull("params") && !a.get("params").isObject()) {
                throw ApiException.bad(where + ".params must be a JSON object");
            }
            if (a.hasNonNull("dry_run") && !a.get("dry_run").isBoolean()) {
                throw ApiException.bad(where + ".dry_run must be true or false");
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
                optText(b, "human_feedback", TEXT_MAX),
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
                outcome,
                after == null || after.isNull() ? null : after,
                reward(b),
                optText(b, "human_feedback", TEXT_MAX));
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
        if (n.size() > METRICS_MAX) {
            throw ApiException.bad(name + " has " + n.size() + " metrics; at most " + METRICS_MAX);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber()) {
                throw ApiException.bad(name + "." + e.getKey() + " must be a number");
            }
        }
    }

    /** A required string field of at most {@link #NAME_MAX} characters. */
    static String text(JsonNode b, String field) {
        return text(b, field, field, NAME_MAX);
    }

    static String text(JsonNode b, String field, String what, int max) {
        JsonNode n = b.get(field);
        if (n == null || !n.isTextual()) {
            throw ApiException.bad(what + " must be a string");
        }
        return checkText(n.textValue(), what, max);
    }

    /** An optional string field (null when absent or null) of at most {@link #NAME_MAX} characters. */
    static String optText(JsonNode b, String field) {
        return optText(b, field, field, NAME_MAX);
    }

    static String optText(JsonNode b, String field, int max) {
        return optText(b, field, field, max);
    }

    static String optText(JsonNode b, String field, String what, int max) {
        JsonNode n = b.get(field);
        return n == null || n.isNull() ? null : text(b, field, what, max);
    }
}
