package io.maximus.hcl.sinks.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.knowledge.tables.TelemetryTable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.junit.jupiter.api.Test;

/**
 * Rows the database refuses (a NUL in a string, a timestamp past PostgreSQL's range, a binder that throws) leave
 * their batch as refusals with the database's reason; the other rows of the batch are written.
 */
class IsolatingStatementTest {

    private static final List<String> REFUSED = new CopyOnWriteArrayList<>();
    private static final long T = 1_772_409_600_000L;

    private static TelemetrySnapshot snapshot(long t, String host) {
        return new TelemetrySnapshot(t, host, "svc", Map.of("cpu_usage", 1.0), Map.of());
    }

    /** What the JDBC connector's batch executor does with a statement: bind, add, execute. */
    private static <T> void writeBatch(
            IsolatingConnectionProvider provider, String sql, JdbcStatementBuilder<T> binder, List<T> rows)
            throws Exception {
        Connection c = provider.getOrEstablishConnection();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            JdbcStatementBuilder<T> b = IsolatingStatement.binder(binder);
            for (T r : rows) {
                b.accept(ps, r);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Test
    void refusedRowsAreReportedWithTheDatabasesReasonAndTheOthersWritten() throws Exception {
        REFUSED.clear();
        String url = KbDatabase.fresh();
        IsolatingConnectionProvider provider = new IsolatingConnectionProvider(
                PatientConnectionProvider.postgres(url, "postgres", "", Duration.ofSeconds(5)),
                JdbcSinks.table(TelemetryTable.INSERT),
                (table, row, reason) -> REFUSED.add(table + " | " + ((TelemetrySnapshot) row).host() + " | " + reason));
        writeBatch(
                provider,
                TelemetryTable.INSERT,
                TelemetryJdbcSink.statement(),
                List.of(
                        snapshot(T, "a"),
                        snapshot(T, "nul\u0000host"),
                        snapshot(T + 1000, "b"),
                        snapshot(Long.MAX_VALUE, "far"),
                        snapshot(T + 2000, "c")));
        assertThat(REFUSED).hasSize(2);
        assertThat(REFUSED).allSatisfy(r -> assertThat(r).startsWith("hcl_telemetry | "));
        assertThat(REFUSED).anySatisfy(r -> assertThat(r).startsWith("hcl_telemetry | nul\u0000host | 22"));
        assertThat(REFUSED).anySatisfy(r -> assertThat(r).startsWith("hcl_telemetry | far | "));
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                ResultSet rs = c.createStatement().executeQuery("SELECT host FROM hcl_telemetry ORDER BY host")) {
            List<String> hosts = new java.util.ArrayList<>();
            while (rs.next()) {
                hosts.add(rs.getString(1));
            }
            assertThat(hosts).containsExactly("a", "b", "c");
        }
        provider.closeConnection();
    }

    @Test
    void aBinderThatThrowsRefusesItsRowOnly() throws Exception {
        REFUSED.clear();
        String url = KbDatabase.fresh();
        IsolatingConnectionProvider provider = new IsolatingConnectionProvider(
                PatientConnectionProvider.postgres(url, "postgres", "", Duration.ofSeconds(5)),
                "hcl_telemetry",
                (table, row, reason) -> REFUSED.add(((TelemetrySnapshot) row).host() + " | " + reason));
        JdbcStatementBuilder<TelemetrySnapshot> binder = (ps, s) -> {
            if (s.host().equals("bad")) {
                throw new SQLException("no", "22023");
            }
            TelemetryJdbcSink.statement().accept(ps, s);
        };
        writeBatch(provider, TelemetryTable.INSERT, binder, List.of(snapshot(T, "a"), snapshot(T, "bad")));
        assertThat(REFUSED).containsExactly("bad | could not bind the row: 22023 no");
        provider.closeConnection();
    }

    @Test
    void anOutageIsNotARefusal() {
        assertThat(IsolatingStatement.refusesData(new SQLException("down", "08006")))
                .isFalse();
        assertThat(IsolatingStatement.refusesData(new SQLException("deadlock", "40P01")))
                .isFalse();
        assertThat(IsolatingStatement.refusesData(new SQLException("no state"))).isFalse();
        assertThat(IsolatingStatement.refusesData(new SQLException("nul", "22021")))
                .isTrue();
    }
}
