package io.maximus.hcl.operators.execute;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.core.ApprovalSignature;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.sinks.execute.ApprovalAnswer;
import java.time.Clock;
import java.time.Duration;
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
 *
 * <p>With a key ({@link ApprovalSignature}) every answer must carry the API's signature and be no older than
 * {@code maxAge} (nor that far in the future): an unsigned, forged or expired answer is never an approval; it is
 * logged with the reason, counted ({@code rejectedApprovalAnswers}) and dropped. Without a key (only when the job is
 * started with {@code execute.approvals.allow-unsigned=true}) answers are taken unsigned, as before.
 */
public class ParseApprovalAnswer extends ProcessFunction<String, ApprovalAnswer> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ParseApprovalAnswer.class);

    private final Clock clock;
    private final ApprovalSignature signature;
    private final long maxAgeMs;
    private transient Counter malformed;
    private transient Counter rejected;

    /** An insecure parser taking unsigned answers, stamping one without {@code answered_at} with the system clock. */
    public ParseApprovalAnswer() {
        this(Clock.systemUTC());
    }

    /** An insecure parser taking unsigned answers, stamping one without {@code answered_at} with {@code clock}. */
    public ParseApprovalAnswer(Clock clock) {
        this(clock, null, Duration.ZERO);
    }

    /**
     * A parser verifying each answer with {@code signature} (null: unsigned answers are taken, insecure) and refusing
     * answers older than {@code maxAge} or as far in the future.
     */
    public ParseApprovalAnswer(Clock clock, ApprovalSignature signature, Duration maxAge) {
        this.clock = clock;
        this.signature = signature;
        this.maxAgeMs = maxAge.toMillis();
    }

    @Override
    public void open(OpenContext ctx) {
        malformed = getRuntimeContext().getMetricGroup().counter("malformedApprovalAnswers");
        rejected = getRuntimeContext().getMetricGroup().counter("rejectedApprovalAnswers");
    }

    @Override
    public void processElement(String raw, Context ctx, Collector<ApprovalAnswer> out) {
        ApprovalAnswer answer;
        try {
            answer = parse(raw, clock.millis());
        } catch (IllegalArgumentException e) {
            if (malformed != null) {
                malformed.inc();
            }
            LOG.warn("approval answer dropped: {}: {}", e.getMessage(), shorten(raw));
            return;
        }
        String refusal = signature == null ? null : refusal(raw, answer, signature, clock.millis(), maxAgeMs);
        if (refusal != null) {
            if (rejected != null) {
                rejected.inc();
            }
            LOG.warn("approval answer rejected: {}: {}", refusal, shorten(raw));
            return;
        }
        out.collect(answer);
    }

    /**
     * Why a parsed answer must not be believed, or null when its signature is good and it is fresh: unsigned, forged
     * (bad signature), without {@code answered_at}, or older than {@code maxAgeMs} (or that far in the future).
     */
    public static String refusal(String raw, ApprovalAnswer a, ApprovalSignature key, long now, long maxAgeMs) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(raw);
        } catch (Exception e) {
            return "invalid JSON";
        }
        JsonNode sig = n.get(ApprovalSignature.FIELD);
        if (sig == null || !sig.isTextual()) {
            return "unsigned";
        }
        if (!n.hasNonNull("answered_at") || !n.hasNonNull("by")) {
            return "signed answers need answered_at and by";
        }
        if (!key.verify(a.approvalId(), a.scopeKey(), a.approved(), a.by(), a.answeredAt(), sig.asText())) {
            return "bad signature";
        }
        if (maxAgeMs > 0 && Math.abs(now - a.answeredAt()) > maxAgeMs) {
            return "expired: answered_at " + a.answeredAt() + " is more than " + maxAgeMs + " ms from now " + now;
        }
        return null;
    }

    private static String shorten(String raw) {
        return raw == null ? "null" : raw.length() > 500 ? raw.substring(0, 500) + "…" : raw;
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
