package io.maximus.hcl.knowledge.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.knowledge.store.Outcome;
import java.util.Arrays;

/**
 * The OpenAPI schemas of the API's bodies, built in code so that their bounds are the constants {@link Requests}
 * enforces (string lengths, time range, integer ranges).
 */
final class Schemas {

    private Schemas() {}

    static ObjectNode node() {
        return Json.MAPPER.createObjectNode();
    }

    static ObjectNode ref(String component) {
        return node().put("$ref", "#/components/schemas/" + component);
    }

    static ObjectNode string(int maxLength) {
        return node().put("type", "string").put("maxLength", maxLength);
    }

    static ObjectNode string(int maxLength, String description) {
        return string(maxLength).put("description", description);
    }

    static ObjectNode uuid() {
        return node().put("type", "string").put("format", "uuid");
    }

    static ObjectNode time() {
        return node().put("type", "string")
                .put("format", "date-time")
                .put(
                        "description",
                        "ISO-8601 with offset, from " + Requests.MIN_TIME + " to " + Requests.MAX_TIME
                                + "; times stored by other writers may also read 'infinity' or '-infinity'");
    }

    static ObjectNode integer(int min, int max, Integer dflt) {
        ObjectNode n = node().put("type", "integer").put("minimum", min).put("maximum", max);
        if (dflt != null) {
            n.put("default", dflt);
        }
        return n;
    }

    static ObjectNode number(String description) {
        return node().put("type", "number").put("description", description);
    }

    static ObjectNode enumOf(String... values) {
        ObjectNode n = node().put("type", "string");
        ArrayNode e = n.putArray("enum");
        Arrays.stream(values).forEach(e::add);
        return n;
    }

    static ObjectNode nullable(ObjectNode n) {
        return n.put("nullable", true);
    }

    static ObjectNode object(String... required) {
        ObjectNode n = node().put("type", "object");
        if (required.length > 0) {
            ArrayNode r = n.putArray("required");
            Arrays.stream(required).forEach(r::add);
        }
        n.putObject("properties");
        return n;
    }

    static ObjectNode prop(ObjectNode object, String name, ObjectNode schema) {
        ((ObjectNode) object.get("properties")).set(name, schema);
        return object;
    }

    static ObjectNode arrayOf(ObjectNode items) {
        ObjectNode n = node().put("type", "array");
        n.set("items", items);
        return n;
    }

    private static String[] names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toArray(String[]::new);
    }

    /** {@code components.schemas}. */
    static ObjectNode components() {
        ObjectNode c = node();
        ObjectNode error = object("status", "message");
        prop(error, "status", node().put("type", "integer"));
        prop(error, "message", node().put("type", "string"));
        c.set("Error", error);
        c.set("Mode", enumOf(names(OperationalMode.values())));
        c.set("Outcome", nullable(enumOf(names(Outcome.values()))));
        ObjectNode metrics = node().put("type", "object")
                .put("maxProperties", Requests.METRICS_MAX)
                .put("description", "metric name (at most " + Requests.NAME_MAX + " characters) to a finite number");
        metrics.set("additionalProperties", node().put("type", "number"));
        c.set("Metrics", metrics);

        ObjectNode action = object("type");
        prop(action, "type", string(Requests.NAME_MAX, "action wire name, e.g. scale_deployment"));
        prop(action, "target", nullable(string(Requests.NAME_MAX)));
        prop(action, "params", nullable(node().put("type", "object")));
        prop(action, "dry_run", nullable(node().put("type", "boolean")));
        prop(action, "status", enumOf(names(ActionStatus.values())));
        prop(action, "call", nullable(string(Requests.TEXT_MAX)));
        prop(action, "detail", nullable(string(Requests.TEXT_MAX)));
        c.set("ActionTaken", action);

        ObjectNode scope = object("service");
        prop(scope, "service", string(Requests.NAME_MAX));
        prop(scope, "host", nullable(string(Requests.NAME_MAX)));
        c.set("Scope", scope);

        ObjectNode d = object("scope", "trigger", "operational_mode", "actions_taken", "state_before");
        d.put(
                "description",
                "Every string: no NUL, no lone surrogate; every number finite. Numbers or times stored by other writers"
                        + " that JSON cannot carry are returned as null ('infinity' for infinite times).");
        prop(d, "id", uuid().put("description", "optional on POST; a stored id makes the POST a no-op answered 200"));
        prop(d, "timestamp", time().put("description", "event time; POST defaults to now and also accepts epoch ms"));
        prop(d, "scope", ref("Scope"));
        prop(d, "trigger", string(Requests.TEXT_MAX));
        prop(d, "operational_mode", ref("Mode"));
        prop(d, "actions_taken", arrayOf(ref("ActionTaken")).put("maxItems", Requests.ACTIONS_MAX));
        prop(d, "state_before", ref("Metrics"));
        prop(
                d,
                "state_after",
                nullable(node()).set("allOf", Json.MAPPER.createArrayNode().add(ref("Metrics"))));
        prop(d, "outcome", ref("Outcome"));
        prop(d, "reward_signal", nullable(number("finite")));
        prop(d, "human_feedback", nullable(string(Requests.TEXT_MAX)));
        prop(d, "rule", nullable(string(Requests.NAME_MAX)));
        c.set("Decision", d);

        ObjectNode patch =
                node().put("type", "object").put("additionalProperties", false).put("minProperties", 1);
        patch.putObject("properties");
        prop(patch, "outcome", ref("Outcome"));
        prop(patch, "state_after", ref("Metrics"));
        prop(patch, "reward_signal", number("finite"));
        prop(patch, "human_feedback", string(Requests.TEXT_MAX));
        c.set("DecisionPatch", patch);

        ObjectNode page = object("items", "next_cursor");
        prop(page, "items", arrayOf(ref("Decision")));
        prop(
                page,
                "next_cursor",
                nullable(node().put("type", "string"))
                        .put("description", "pass as ?cursor= for the next page; null on the last"));
        c.set("DecisionPage", page);

        ObjectNode approval = object();
        prop(approval, "id", uuid());
        prop(approval, "idempotency_key", node().put("type", "string"));
        prop(approval, "decision_id", nullable(uuid()));
        prop(approval, "scope", ref("Scope"));
        prop(approval, "action", node().put("type", "object"));
        prop(approval, "requested_at", time());
        prop(approval, "expires_at", time());
        prop(approval, "requested_by", nullable(node().put("type", "string")));
        prop(approval, "status", enumOf("pending", "approved", "denied", "expired"));
        prop(approval, "decided_by", nullable(node().put("type", "string")));
        prop(approval, "decided_at", nullable(time()));
        prop(approval, "reason", nullable(node().put("type", "string")));
        c.set("Approval", approval);
        ObjectNode approvals = object("items");
        prop(approvals, "items", arrayOf(ref("Approval")));
        c.set("ApprovalList", approvals);

        ObjectNode ask = object("idempotency_key", "action", "scope");
        prop(ask, "idempotency_key", string(Requests.NAME_MAX));
        prop(ask, "decision_id", uuid());
        prop(ask, "action", object("type").put("description", "the action, as the job writes it"));
        prop(ask, "scope", ref("Scope"));
        prop(ask, "ttl_seconds", integer(1, Requests.TTL_MAX_SECONDS, 900));
        prop(ask, "requested_by", string(Requests.NAME_MAX));
        c.set("ApprovalRequest", ask);

        ObjectNode answer = object("reason");
        prop(answer, "reason", string(Requests.TEXT_MAX));
        prop(answer, "by", string(Requests.NAME_MAX));
        c.set("Answer", answer);

        ObjectNode rate = object("modes");
        ObjectNode m = object();
        for (String f : new String[] {"total", "successes", "partials", "failures"}) {
            prop(m, f, node().put("type", "integer"));
        }
        prop(m, "operational_mode", node().put("type", "string"));
        prop(m, "success_rate", number("successes over all decisions"));
        prop(m, "success_rate_of_decided", number("successes over decisions with a known outcome"));
        prop(rate, "modes", arrayOf(m));
        c.set("SuccessRate", rate);

        ObjectNode trend = object("days", "buckets");
        ObjectNode b = object();
        prop(b, "hour", time());
        prop(b, "decisions", node().put("type", "integer"));
        prop(b, "rewards", node().put("type", "integer"));
        for (String f : new String[] {"avg_reward", "min_reward", "max_reward"}) {
            prop(b, f, nullable(number("null when no reward, or when a stored reward is not finite")));
        }
        prop(trend, "days", node().put("type", "integer"));
        prop(trend, "buckets", arrayOf(b));
        c.set("RewardTrend", trend);

        ObjectNode types = object("types");
        ObjectNode t = object();
        prop(t, "type", node().put("type", "string"));
        prop(t, "total", node().put("type", "integer"));
        prop(t, "dry_runs", node().put("type", "integer"));
        ObjectNode byStatus = node().put("type", "object");
        byStatus.set("additionalProperties", node().put("type", "integer"));
        prop(t, "by_status", byStatus);
        prop(types, "types", arrayOf(t));
        c.set("ActionsByType", types);

        ObjectNode maint = object();
        for (String f : new String[] {
            "partitions_created", "detail_rows_deleted", "aggregate_hours_deleted", "approvals_expired"
        }) {
            prop(maint, f, node().put("type", "integer"));
        }
        prop(maint, "materialized_until", time());
        prop(maint, "partitions_dropped", arrayOf(node().put("type", "string")));
        c.set("MaintenanceReport", maint);

        ObjectNode health = object("status");
        prop(health, "status", enumOf("ok"));
        c.set("Health", health);
        return c;
    }
}
