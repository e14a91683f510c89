package io.maximus.hcl.knowledge.store;

import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.knowledge.tables.ActionsTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** {@link ActionLogRepository} on PostgreSQL, writing with {@link ActionsTable#UPSERT} like the job's action sink. */
public final class JdbcActionLogRepository implements ActionLogRepository {

    private final DataSource dataSource;

    /** A repository over {@code dataSource} (the caller owns and closes it). */
    public JdbcActionLogRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void logAction(
            String idempotencyKey, Instant eventTime, UUID decisionId, String service, String host, ActionResult r)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(ActionsTable.UPSERT)) {
            ActionsTable.bind(
                    ps, idempotencyKey, eventTime, decisionId == null ? null : decisionId.toString(), service, host, r);
            ps.executeUpdate();
        }
    }

    @Override
    public Optional<String> actionStatus(String idempotencyKey, Instant eventTime) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT status FROM hcl_actions WHERE idempotency_key = ? AND \"timestamp\" = ?")) {
            ps.setString(1, idempotencyKey);
            ps.setObject(2, Rows.utc(eventTime));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
