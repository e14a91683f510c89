package io.maximus.hcl.knowledge.tables;

import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.Json;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Owner of {@code hcl_actions}' writes (the action log: one row per action, key {@code (idempotency_key, "timestamp")}),
 * written by the job's action sink and by the store's {@code logAction}.
 *
 * <p>Conflict semantics: <b>the latest report wins</b> for what changes over an action's life (status, dry_run, call,
 * detail, finish time: AWAITING_APPROVAL → EXECUTED → REVERTED); what identifies it (decision, scope, action, start)
 * stays as first written. A replay after a Flink restart re-sends the same events in the same order, so it ends on the
 * same row.
 */
public final class ActionsTable {

    /** The upsert ({@link #bind}). */
    public static final String UPSERT = "INSERT INTO hcl_actions (idempotency_key, \"timestamp\", decision_id, service,"
            + " host, action_type, target, params, dry_run, status, call, detail, started_at, finished_at)"
            + " VALUES (?, ?, CAST(? AS uuid), ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (idempotency_key, \"timestamp\") DO UPDATE SET status = EXCLUDED.status,"
            + " dry_run = EXCLUDED.dry_run, call = EXCLUDED.call, detail = EXCLUDED.detail,"
            + " finished_at = EXCLUDED.finished_at";

    private ActionsTable() {}

    /** Binds one report of an action to {@link #UPSERT}; {@code decisionId} may be null. */
    public static void bind(
            PreparedStatement ps,
            String idempotencyKey,
            Instant eventTime,
            String decisionId,
            String service,
            String host,
            ActionResult r)
            throws SQLException {
        ps.setString(1, idempotencyKey);
        ps.setObject(2, Bind.utc(eventTime));
        ps.setString(3, decisionId);
        ps.setString(4, service);
        ps.setString(5, host);
        ps.setString(6, r.action().type().wireName());
        ps.setString(7, r.action().target());
        ps.setString(8, Json.write(r.action().params()));
        ps.setBoolean(9, r.dryRun());
        ps.setString(10, r.status().name());
        ps.setString(11, r.call());
        ps.setString(12, r.detail());
        Bind.time(ps, 13, r.startedAt() > 0 ? Instant.ofEpochMilli(r.startedAt()) : null);
        Bind.time(ps, 14, r.finishedAt() > 0 ? Instant.ofEpochMilli(r.finishedAt()) : null);
    }
}
