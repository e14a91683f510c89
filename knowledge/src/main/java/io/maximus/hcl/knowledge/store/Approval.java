package io.maximus.hcl.knowledge.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maximus.hcl.core.Json;
import java.time.Instant;
import java.util.UUID;

/**
 * One approval request and its answer.
 *
 * @param id approval id
 * @param idempotencyKey key of the action it guards
 * @param decisionId the decision that planned the action, or null
 * @param service service of the scope
 * @param host host of the scope, or null
 * @param action the guarded action as JSON ({type, target, params})
 * @param requestedAt when it was asked for
 * @param expiresAt when an unanswered request lapses
 * @param requestedBy who asked (e.g. {@code safety-manager})
 * @param status where it stands
 * @param decidedBy who answered, null while pending
 * @param decidedAt when it was answered or expired, null while pending
 * @param reason why, null while pending
 */
public record Approval(
        UUID id,
        String idempotencyKey,
        UUID decisionId,
        String service,
        String host,
        JsonNode action,
        Instant requestedAt,
        Instant expiresAt,
        String requestedBy,
        ApprovalStatus status,
        String decidedBy,
        Instant decidedAt,
        String reason) {

    /** The API's JSON form. */
    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", id.toString());
        o.put("idempotency_key", idempotencyKey);
        o.put("decision_id", decisionId == null ? null : decisionId.toString());
        ObjectNode scope = o.putObject("scope");
        scope.put("service", service);
        scope.put("host", host);
        o.set("action", action);
        o.put("requested_at", Times.iso(requestedAt));
        o.put("expires_at", Times.iso(expiresAt));
        o.put("requested_by", requestedBy);
        o.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        o.put("decided_by", decidedBy);
        o.put("decided_at", Times.iso(decidedAt));
        o.put("reason", reason);
        return o;
    }
}
