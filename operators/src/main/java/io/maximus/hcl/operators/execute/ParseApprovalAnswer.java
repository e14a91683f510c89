package io.maximus.hcl.operators.execute;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.sinks.execute.ApprovalAnswer;
import java.time.Clock;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses the approval answers the decision API publishes ({@code hcl.approvals}: {@code {approval_id, scope_key,
 * approved, by, comment, answered_at}}). A malformed answer is logged with the reason, counted
 * ({@code malformedApprovalAnswers}) and dropped: it never fails the job, and the action it may have meant keeps
 * waiting until a good answer or its timeout.
 */
public class ParseApprovalAnswer extends ProcessFunction<String, ApprovalAnswer> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ParseApprovalAnswer.class);

    private final Clock clock;
    private transient Counter malformed;

    /** A parser that stamps an answer without {@code answered_at} with the system clock. */
    public ParseApprovalAnswer() {
        this(Clock.systemUTC());
    }

    /** A parser that stamps an answer without {@code answered_at} with {@code clock}. */
    public ParseApprovalAnswer(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void open(OpenContext ctx) {
        malformed = getRuntimeContext().getMetricGroup().counter("malformedApprovalAnswers");
    }

    @Override
    public void processElement(String raw, Context ctx, Collector<ApprovalAnswer> out) {
        try {
            out.collect(parse(raw, clock.millis()));
        } catch (IllegalArgumentException e) {
            if (malformed != null) {
                malformed.inc();
            }
            LOG.warn(
                    "approval answer dropped: {}: {}",
                    e.getMessage(),
                    raw == null ? "null" : raw.length() > 500 ? raw.substring(0, 500) + "…" : raw);
        }
    }

    /** Parses one answer; {@code now} stands in for a missing {@code answered_at}. Throws with the reason. */
    public static ApprovalAnswer parse(String raw, long now) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("empty record");
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(raw);
        } catch (Exception e) {
            throw new IllegalArgumentException("invalid JSON");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String id = text(n, "approval_id");
        String scope = text(n, "scope_key");
        JsonNode approved = n.get("approved");
        if (approved == null || !approved.isBoolean()) {
            throw new IllegalArgumentException("approved must be true or false");
        }
        JsonNode at = n.get("answered_at");
        if (at != null && !at.isNull() && !at.canConvertToLong()) {
            throw new IllegalArgumentException("answered_at must be epoch milliseconds");
        }
        String by = n.hasNonNull("by") ? n.get("by").asText() : "unknown";
        String comment = n.hasNonNull("comment") ? n.get("comment").asText() : "";
        return new ApprovalAnswer(
                id, scope, approved.booleanValue(), by, comment, at == null || at.isNull() ? now : at.asLong());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(field + " is missing or not a non-empty string");
        }
        return v.asText();
    }
}
