package io.maximus.hcl.sinks.execute;

import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.sinks.actuate.Execution;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * An {@link ActionLog} in PostgreSQL (the knowledge base): table {@code hcl_action_log} with the idempotency key as
 * primary key. A claim is {@code INSERT … ON CONFLICT DO NOTHING} (one row inserted means this caller owns the key),
 * its intent (the action about to be executed) an {@code UPDATE} of column {@code intent} before the actuator is called,
 * completed by an {@code UPDATE} with the outcome. One connection per log, used under a lock (the execute stage's
 * threads share it; a claim is one short statement).
 */
public final class JdbcActionLog implements ActionLog {

    /** The table, created if missing (also worth a knowledge-base migration; this keeps the log self-contained). */
    public static final String DDL = "CREATE TABLE IF NOT EXISTS hcl_action_log ("
            + "idempotency_key text PRIMARY KEY, claimed_at timestamptz NOT NULL DEFAULT now(), "
            + "completed_at timestamptz, status text, result jsonb, execution jsonb, intent jsonb)";

    /** Adds the intent column to a table created before it existed. */
    public static final String ADD_INTENT = "ALTER TABLE hcl_action_log ADD COLUMN IF NOT EXISTS intent jsonb";

    private final Connection connection;

    /** Connects and creates the table if missing. */
    public JdbcActionLog(String url, String user, String password) throws IOException {
        try {
            this.connection = DriverManager.getConnection(url, user, password == null ? "" : password);
            connection.setAutoCommit(true);
            try (Statement st = connection.createStatement()) {
                st.execute(DDL);
                st.execute(ADD_INTENT);
            }
        } catch (SQLException e) {
            throw new IOException("cannot open the action log at " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<Entry> claim(String key) throws IOException {
        try (PreparedStatement ins = connection.prepareStatement(
                "INSERT INTO hcl_action_log (idempotency_key) VALUES (?) ON CONFLICT DO NOTHING")) {
            ins.setString(1, key);
            if (ins.executeUpdate() == 1) {
                return Optional.empty();
            }
            try (PreparedStatement q = connection.prepareStatement(
                    "SELECT result::text, execution::text, intent::text FROM hcl_action_log WHERE idempotency_key = ?")) {
                q.setString(1, key);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    String result = rs.getString(1);
                    String execution = rs.getString(2);
                    String intent = rs.getString(3);
                    return Optional.of(
                            result == null
                                    ? new Entry(key, State.CLAIMED, "", "", intent == null ? "" : intent)
                                    : new Entry(key, State.DONE, result, execution == null ? "" : execution));
                }
            }
        } catch (SQLException e) {
            throw new IOException("action log claim of " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void intend(String key, String actionJson) throws IOException {
        try (PreparedStatement up =
                connection.prepareStatement("UPDATE hcl_action_log SET intent = ?::jsonb WHERE idempotency_key = ?")) {
            up.setString(1, actionJson);
            up.setString(2, key);
            up.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("action log intent of " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void complete(String key, ActionResult result, Execution execution) throws IOException {
        try (PreparedStatement up = connection.prepareStatement("UPDATE hcl_action_log SET completed_at = now(), "
                + "status = ?, result = ?::jsonb, execution = ?::jsonb WHERE idempotency_key = ?")) {
            up.setString(1, result.status().name());
            up.setString(2, Json.write(result));
            up.setString(3, execution == null ? null : Json.write(execution));
            up.setString(4, key);
            up.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("action log completion of " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }
}
