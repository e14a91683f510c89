package io.maximus.hcl.sinks.knowledge;

import java.sql.Connection;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;

/** A connection provider whose connections' prepared statements isolate refused rows ({@link IsolatingStatement}). */
final class IsolatingConnectionProvider implements JdbcConnectionProvider {

    private static final long serialVersionUID = 1L;

    private final JdbcConnectionProvider delegate;
    private final String table;
    private final RowRefusals refusals;
    private transient Connection raw;
    private transient Connection wrapped;

    IsolatingConnectionProvider(JdbcConnectionProvider delegate, String table, RowRefusals refusals) {
        this.delegate = delegate;
        this.table = table;
        this.refusals = refusals;
    }

    private synchronized Connection wrap(Connection c) {
        if (c == null) {
            return null;
        }
        if (c != raw) {
            raw = c;
            wrapped = IsolatingStatement.connection(c, table, refusals);
        }
        return wrapped;
    }

    @Override
    public Connection getConnection() {
        return wrap(delegate.getConnection());
    }

    @Override
    public boolean isConnectionValid() throws SQLException {
        return delegate.isConnectionValid();
    }

    @Override
    public Connection getOrEstablishConnection() throws SQLException, ClassNotFoundException {
        return wrap(delegate.getOrEstablishConnection());
    }

    @Override
    public void closeConnection() {
        delegate.closeConnection();
    }

    @Override
    public Connection reestablishConnection() throws SQLException, ClassNotFoundException {
        return wrap(delegate.reestablishConnection());
    }
}
