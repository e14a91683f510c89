package io.maximus.hcl.knowledge.tables;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * Owner of {@code hcl_approvals}' writes (one row per guarded action, unique on {@code idempotency_key}): requests from
 * the job's approval sink and the API's POST /approvals, answers from the API and the job, expiry from the API and the
 * maintenance pass.
 *
 * <p>Conflict semantics: <b>a request is written once; a row leaves PENDING once and is never changed after</b>. A
 * PENDING request for a key already there changes nothing (a replayed or repeated request finds the existing one); a
 * final status (APPROVED, DENIED, EXPIRED) moves a still-PENDING row to it and leaves a decided row as it is, so the
 * answer given first (a human's through the API, or the job's) stays, and a final event that reaches the database
 * before its pending one is not undone by it.
 */
public final class ApprovalsTable {

    /** The columns, in the order of {@link Row} and of every read of a whole approval. */
    public static final String COLUMNS = "id, idempotency_key, decision_id, service, host, action,"
            + " requested_at, expires_at, requested_by, status, decided_by, decided_at, reason";

    /** Inserts a request, or moves a PENDING row to the final status it carries ({@link #bind}). */
    public static final String UPSERT = "INSERT INTO hcl_approvals (" + COLUMNS + ")"
            + " VALUES (CAST(? AS uuid), ?, CAST(? AS uuid), ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (idempotency_key) DO UPDATE SET status = EXCLUDED.status, decided_by = EXCLUDED.decided_by,"
            + " decided_at = EXCLUDED.decided_at, reason = EXCLUDED.reason"
            + " WHERE hcl_approvals.status = 'PENDING' AND EXCLUDED.status <> 'PENDING'";

    /**
     * Answers a pending, unexpired request: parameters status, decided_by, decided_at, reason, id, now; returns the
     * row's {@link #COLUMNS}.
     */
    public static final String ANSWER = "UPDATE hcl_approvals SET status = ?, decided_by = ?, decided_at = ?,"
            + " reason = ? WHERE id = ? AND status = 'PENDING' AND expires_at > ? RETURNING " + COLUMNS;

    /** Marks every pending request past its expiry EXPIRED: parameters decided_at, decided_by, now. */
    public static final String EXPIRE = "UPDATE hcl_approvals SET status = 'EXPIRED', decided_at = ?, decided_by = ?,"
            + " reason = 'no answer before expiry' WHERE status = 'PENDING' AND expires_at <= ?";

    private ApprovalsTable() {}

    /** One approval as written; decided_by, decided_at and reason are null while PENDING. */
    public record Row(
            String id,
            String idempotencyKey,
            String decisionId,
            String service,
            String host,
            String actionJson,
            Instant requestedAt,
            Instant expiresAt,
            String requestedBy,
            String status,
            String decidedBy,
            Instant decidedAt,
            String reason) {}

    /** Binds a row to {@link #UPSERT}. */
    public static void bind(PreparedStatement ps, Row r) throws SQLException {
        ps.setString(1, r.id());
        ps.setString(2, r.idempotencyKey());
        ps.setString(3, r.decisionId());
        ps.setString(4, r.service());
        ps.setString(5, r.host());
        ps.setString(6, r.actionJson());
        ps.setObject(7, Bind.utc(r.requestedAt()));
        ps.setObject(8, Bind.utc(r.expiresAt()));
        ps.setString(9, r.requestedBy());
        ps.setString(10, r.status());
        if (r.decidedBy() == null) {
            ps.setNull(11, Types.VARCHAR);
        } else {
            ps.setString(11, r.decidedBy());
        }
        Bind.time(ps, 12, r.decidedAt());
        if (r.reason() == null) {
            ps.setNull(13, Types.VARCHAR);
        } else {
            ps.setString(13, r.reason());
        }
    }

    /** Binds {@link #EXPIRE} for the time {@code now}, recorded as decided by {@code by}. */
    public static void bindExpire(PreparedStatement ps, Instant now, String by) throws SQLException {
        ps.setObject(1, Bind.utc(now));
        ps.setString(2, by);
        ps.setObject(3, Bind.utc(now));
    }
}
