package io.maximus.hcl.knowledge.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.knowledge.tables.ApprovalsTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** {@link ApprovalRepository} on PostgreSQL, writing with {@link ApprovalsTable}'s statements like the job's sink. */
public final class JdbcApprovalRepository implements ApprovalRepository {

    /** Who an expiry found while answering is recorded as decided by. */
    static final String EXPIRY = "expiry";

    private final DataSource dataSource;
    private final Clock clock;

    /** A repository over {@code dataSource}; {@code clock} gives "now" for requests, answers and expiry. */
    public JdbcApprovalRepository(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public Approval requestApproval(
            String idempotencyKey,
            UUID decisionId,
            String service,
            String host,
            JsonNode action,
            Duration ttl,
            String requestedBy)
            throws SQLException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        ApprovalsTable.Row row = new ApprovalsTable.Row(
                UUID.randomUUID().toString(),
                idempotencyKey,
                decisionId == null ? null : decisionId.toString(),
                service,
                host,
                Rows.json(action),
                now,
                now.plus(ttl),
                requestedBy,
                ApprovalStatus.PENDING.name(),
                null,
                null,
                null);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(ApprovalsTable.UPSERT)) {
                ApprovalsTable.bind(ps, row);
                ps.executeUpdate();
            }
            return approvalWhere(c, "idempotency_key = ?", idempotencyKey).orElseThrow();
        }
    }

    @Override
    public Optional<Approval> approval(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return approvalWhere(c, "id = ?", id);
        }
    }

    @Override
    public Optional<Approval> approvalForKey(String idempotencyKey) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return approvalWhere(c, "idempotency_key = ?", idempotencyKey);
        }
    }

    @Override
    public List<Approval> approvals(ApprovalStatus status, int limit) throws SQLException {
        String sql = "SELECT " + ApprovalsTable.COLUMNS + " FROM hcl_approvals"
                + (status == null ? "" : " WHERE status = ?") + " ORDER BY requested_at DESC, id LIMIT ?";
        List<Approval> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (status != null) {
                ps.setString(i++, status.name());
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Rows.approval(rs));
                }
            }
        }
        return out;
    }

    /**
     * {@inheritDoc} The UPDATE holds the row's lock until commit, so a concurrent answer waits and then finds the
     * request no longer pending (or still pending after a rollback).
     */
    @Override
    public Answer decide(UUID id, boolean approve, String by, String reason, AnswerHook hook)
            throws SQLException, AnswerHookFailed {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Approval answered = null;
                try (PreparedStatement ps = c.prepareStatement(ApprovalsTable.ANSWER)) {
                    ps.setString(1, approve ? ApprovalStatus.APPROVED.name() : ApprovalStatus.DENIED.name());
                    ps.setString(2, by);
                    ps.setObject(3, Rows.utc(now));
                    ps.setString(4, reason);
                    ps.setObject(5, id);
                    ps.setObject(6, Rows.utc(now));
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            answered = Rows.approval(rs);
                        }
                    }
                }
                if (answered != null) {
                    try {
                        hook.accept(answered);
                    } catch (Exception e) {
                        c.rollback();
                        throw new AnswerHookFailed(e);
                    }
                    c.commit();
                    return Answer.DONE;
                }
                Optional<Approval> a = approvalWhere(c, "id = ?", id);
                if (a.isPresent() && a.get().status() == ApprovalStatus.PENDING) {
                    expire(c, now, EXPIRY);
                }
                c.commit();
                return a.isEmpty() ? Answer.NOT_FOUND : Answer.NOT_PENDING;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    @Override
    public int expireApprovals() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return expire(c, clock.instant(), EXPIRY);
        }
    }

    /** Marks every pending request past its expiry at {@code now} EXPIRED, decided by {@code by}; returns how many. */
    public static int expire(Connection c, Instant now, String by) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ApprovalsTable.EXPIRE)) {
            ApprovalsTable.bindExpire(ps, now, by);
            return ps.executeUpdate();
        }
    }

    private static Optional<Approval> approvalWhere(Connection c, String where, Object arg) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + ApprovalsTable.COLUMNS + " FROM hcl_approvals WHERE " + where)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Rows.approval(rs)) : Optional.empty();
            }
        }
    }
}
