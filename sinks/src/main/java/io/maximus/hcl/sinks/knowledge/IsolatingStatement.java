package io.maximus.hcl.sinks.knowledge;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * A prepared statement that isolates the rows of a batch: when the database refuses the batch because of its data,
 * the rows are written one by one and each row it refuses goes to {@link RowRefusals} with the database's reason, the
 * others are written, and the batch succeeds. A row whose binding fails (the binder throws) is refused the same way
 * and never sent.
 *
 * <p>A row is refused for its data when the error's SQLSTATE is not one of the classes that say the database (not the
 * row) is in trouble: 08 connection, 40 transaction rollback, 53 insufficient resources, 57 operator intervention, 58
 * system error, nor one the driver raises without a SQLSTATE. Those still fail the batch, as before, so the sink's
 * retries and the job's restart from its checkpoint handle outages. Works on a connection in auto-commit mode (as the
 * JDBC connector's at-least-once writer uses it); otherwise the batch's error is passed on untouched.
 */
final class IsolatingStatement implements InvocationHandler {

    private record Call(Method method, Object[] args) {}

    private record Row(Object record, List<Call> calls, String bindError) {}

    private final PreparedStatement delegate;
    private final String table;
    private final RowRefusals refusals;
    private final List<Row> rows = new ArrayList<>();
    private List<Call> calls = new ArrayList<>();
    private Object record;
    private String bindError;

    private IsolatingStatement(PreparedStatement delegate, String table, RowRefusals refusals) {
        this.delegate = delegate;
        this.table = table;
        this.refusals = refusals;
    }

    /** {@code delegate} behind an isolating proxy. */
    static PreparedStatement wrap(PreparedStatement delegate, String table, RowRefusals refusals) {
        return (PreparedStatement) Proxy.newProxyInstance(
                IsolatingStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class},
                new IsolatingStatement(delegate, table, refusals));
    }

    /**
     * {@code binder} that tells an isolating statement which record it binds, and turns a binding failure into a
     * refused row instead of a failed batch.
     */
    static <T> JdbcStatementBuilder<T> binder(JdbcStatementBuilder<T> binder) {
        return (ps, r) -> {
            IsolatingStatement self = of(ps);
            if (self == null) {
                binder.accept(ps, r);
                return;
            }
            self.begin(r);
            try {
                binder.accept(ps, r);
            } catch (SQLException | RuntimeException e) {
                self.bindError = "could not bind the row: " + describe(e);
            }
        };
    }

    private static IsolatingStatement of(PreparedStatement ps) {
        if (ps != null && Proxy.isProxyClass(ps.getClass())) {
            InvocationHandler h = Proxy.getInvocationHandler(ps);
            return h instanceof IsolatingStatement s ? s : null;
        }
        return null;
    }

    private void begin(Object r) {
        record = r;
        calls = new ArrayList<>();
        bindError = null;
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
        String name = m.getName();
        if (name.equals("addBatch") && (args == null || args.length == 0)) {
            rows.add(new Row(record, calls, bindError));
            if (bindError == null) {
                delegate.addBatch();
            } else {
                delegate.clearParameters();
            }
            begin(null);
            return null;
        }
        if (name.equals("executeBatch") && (args == null || args.length == 0)) {
            return executeBatch();
        }
        if (name.equals("clearBatch")) {
            rows.clear();
        }
        if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer) {
            calls.add(new Call(m, args));
        }
        try {
            return m.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private int[] executeBatch() throws Exception {
        List<Row> batch = new ArrayList<>(rows);
        rows.clear();
        int refusedBefore = 0;
        for (Row row : batch) {
            if (row.bindError() != null) {
                refusals.refused(table, row.record(), row.bindError());
                refusedBefore++;
            }
        }
        if (refusedBefore == batch.size()) {
            delegate.clearBatch();
            return new int[batch.size()];
        }
        try {
            return delegate.executeBatch();
        } catch (SQLException e) {
            delegate.clearBatch();
            if (!refusesData(e) || !delegate.getConnection().getAutoCommit()) {
                throw e;
            }
            return oneByOne(batch);
        }
    }

    private int[] oneByOne(List<Row> batch) throws Exception {
        int[] counts = new int[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            Row row = batch.get(i);
            if (row.bindError() != null) {
                counts[i] = Statement.EXECUTE_FAILED;
                continue;
            }
            delegate.clearParameters();
            for (Call c : row.calls()) {
                c.method().invoke(delegate, c.args());
            }
            try {
                counts[i] = delegate.executeUpdate();
            } catch (SQLException e) {
                if (!refusesData(e)) {
                    throw e;
                }
                counts[i] = Statement.EXECUTE_FAILED;
                refusals.refused(table, row.record(), describe(e));
            }
        }
        return counts;
    }

    /** Whether {@code e} says the data was refused, not that the database is unavailable. */
    static boolean refusesData(SQLException e) {
        SQLException cause = e;
        if (e instanceof BatchUpdateException && e.getNextException() != null) {
            cause = e.getNextException();
        }
        String state = cause.getSQLState();
        if (state == null || state.length() < 2) {
            return false;
        }
        return switch (state.substring(0, 2)) {
            case "08", "40", "53", "57", "58" -> false;
            default -> true;
        };
    }

    private static String describe(Exception e) {
        Throwable t = e;
        if (e instanceof BatchUpdateException b && b.getNextException() != null) {
            t = b.getNextException();
        }
        String state = t instanceof SQLException s && s.getSQLState() != null ? s.getSQLState() + " " : "";
        String msg = String.valueOf(t.getMessage()).replace('\n', ' ');
        return state + (msg.length() > 500 ? msg.substring(0, 500) + "..." : msg);
    }

    /** A connection whose prepared statements isolate their rows. */
    static Connection connection(Connection c, String table, RowRefusals refusals) {
        return (Connection) Proxy.newProxyInstance(
                IsolatingStatement.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, m, args) -> {
                    Object out;
                    try {
                        out = m.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (m.getName().equals("prepareStatement") && out instanceof PreparedStatement ps) {
                        return wrap(ps, table, refusals);
                    }
                    return out;
                });
    }
}
