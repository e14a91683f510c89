package io.maximus.hcl.knowledge.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A hand-written in-memory {@link ApprovalRepository} for tests of logic, with the table's rules: one request per key,
 * one answer per request (under a lock, so one of concurrent answers wins), the hook's failure undoing the answer,
 * expiry on the given clock.
 */
public final class InMemoryApprovals implements ApprovalRepository {

    private final Map<UUID, Approval> byId = new LinkedHashMap<>();
    private final Clock clock;

    /** An empty repository on this clock. */
    public InMemoryApprovals(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Approval requestApproval(
            String idempotencyKey,
            UUID decisionId,
            String service,
            String host,
            JsonNode action,
            Duration ttl,
            String requestedBy) {
        Optional<Approval> existing = approvalForKey(idempotencyKey);
        if (existing.isPresent()) {
            return existing.get();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Approval a = new Approval(
                UUID.randomUUID(),
                idempotencyKey,
                decisionId,
                service,
                host,
                action,
                now,
                now.plus(ttl),
                requestedBy,
                ApprovalStatus.PENDING,
                null,
                null,
                null);
        byId.put(a.id(), a);
        return a;
    }

    @Override
    public synchronized Optional<Approval> approval(UUID id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Optional<Approval> approvalForKey(String idempotencyKey) {
        return byId.values().stream()
                .filter(a -> a.idempotencyKey().equals(idempotencyKey))
                .findFirst();
    }

    @Override
    public synchronized List<Approval> approvals(ApprovalStatus status, int limit) {
        return byId.values().stream()
                .filter(a -> status == null || a.status() == status)
                .sorted(Comparator.comparing(Approval::requestedAt).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized Answer decide(UUID id, boolean approve, String by, String reason, AnswerHook hook)
            throws AnswerHookFailed {
        Instant now = clock.instant();
        Approval a = byId.get(id);
        if (a == null) {
            return Answer.NOT_FOUND;
        }
        if (a.status() != ApprovalStatus.PENDING || !a.expiresAt().isAfter(now)) {
            expireApprovals();
            return Answer.NOT_PENDING;
        }
        Approval answered = with(a, approve ? ApprovalStatus.APPROVED : ApprovalStatus.DENIED, by, now, reason);
        try {
            hook.accept(answered);
        } catch (Exception e) {
            throw new AnswerHookFailed(e);
        }
        byId.put(id, answered);
        return Answer.DONE;
    }

    @Override
    public synchronized int expireApprovals() {
        Instant now = clock.instant();
        int n = 0;
        for (Approval a : List.copyOf(byId.values())) {
            if (a.status() == ApprovalStatus.PENDING && !a.expiresAt().isAfter(now)) {
                byId.put(a.id(), with(a, ApprovalStatus.EXPIRED, "expiry", now, "no answer before expiry"));
                n++;
            }
        }
        return n;
    }

    private static Approval with(Approval a, ApprovalStatus status, String by, Instant at, String reason) {
        return new Approval(
                a.id(),
                a.idempotencyKey(),
                a.decisionId(),
                a.service(),
                a.host(),
                a.action(),
                a.requestedAt(),
                a.expiresAt(),
                a.requestedBy(),
                status,
                by,
                at,
                reason);
    }
}
