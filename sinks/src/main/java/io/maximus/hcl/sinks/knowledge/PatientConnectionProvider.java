package io.maximus.hcl.sinks.knowledge;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JDBC connection provider that rides out a database outage: (re)connecting is retried with doubling back-off (1 s
 * up to 10 s) for up to {@code tolerance} before it gives up.
 *
 * <p>Why not the connector's own retries: the JDBC connector's writer retries a failed batch {@code maxRetries} times,
 * but when the connection is broken it reconnects once per retry and fails the job at once if that reconnect fails
 * (4.0.0-2.0: {@code JdbcOutputFormat.flush} → "Unable to update JDBC statement executor"). A database that is down
 * for a minute therefore failed the job on the first retry. Waiting here instead keeps the failed batch in the writer
 * and blocks the sink's task: back-pressure holds the stream (in Kafka, for the job) until the database is back, and
 * then the batch and everything behind it are written. Past the tolerance the job fails over and replays from its
 * checkpoint, which the idempotent statements make harmless.
 */
public final class PatientConnectionProvider implements JdbcConnectionProvider {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PatientConnectionProvider.class);

    private final SimpleJdbcConnectionProvider delegate;
    private final long toleranceMillis;
    private final String url;

    /** A provider for these connection options that waits up to {@code tolerance} for the database. */
    public PatientConnectionProvider(JdbcConnectionOptions options, Duration tolerance) {
        this.delegate = new SimpleJdbcConnectionProvider(options);
        this.toleranceMillis = tolerance.toMillis();
        this.url = options.getDbURL();
    }

    /** The provider for a PostgreSQL URL, user and password. */
    public static PatientConnectionProvider postgres(String url, String user, String password, Duration tolerance) {
        return new PatientConnectionProvider(
                new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                        .withUrl(url)
                        .withDriverName("org.postgresql.Driver")
                        .withUsername(user)
                        .withPassword(password)
                        .build(),
                tolerance);
    }

    @Override
    public Connection getConnection() {
        return delegate.getConnection();
    }

    @Override
    public boolean isConnectionValid() throws SQLException {
        return delegate.isConnectionValid();
    }

    @Override
    public Connection getOrEstablishConnection() throws SQLException, ClassNotFoundException {
        return patiently(false);
    }

    @Override
    public void closeConnection() {
        delegate.closeConnection();
    }

    @Override
    public Connection reestablishConnection() throws SQLException, ClassNotFoundException {
        return patiently(true);
    }

    private Connection patiently(boolean fresh) throws SQLException, ClassNotFoundException {
        long deadline = System.currentTimeMillis() + toleranceMillis;
        long wait = 1000;
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                Connection c = fresh ? delegate.reestablishConnection() : delegate.getOrEstablishConnection();
                if (attempt > 1) {
                    LOG.info("knowledge base {} reachable again after {} attempts", url, attempt);
                }
                return c;
            } catch (SQLException e) {
                delegate.closeConnection();
                fresh = true;
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    LOG.error("knowledge base {} unreachable for longer than {} ms: giving up", url, toleranceMillis);
                    throw e;
                }
                LOG.warn(
                        "knowledge base {} unreachable (attempt {}: {}); the sink waits and back-pressures, next try "
                                + "in {} ms",
                        url,
                        attempt,
                        e.getMessage(),
                        Math.min(wait, left));
                try {
                    Thread.sleep(Math.min(wait, left));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for the knowledge base", e);
                }
                wait = Math.min(wait * 2, 10_000);
            }
        }
    }
}
