package io.maximus.hcl.sinks.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PostgreSQL actuator against a real PostgreSQL with a real slow query (pg_sleep in another thread). */
class PostgresActuatorTest extends ActuatorContractTest {

    static PostgresFixture pg;
    CompletableFuture<String> slow;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresFixture.shared();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id int PRIMARY KEY, note text)");
            s.execute("INSERT INTO orders SELECT g, 'n' || g FROM generate_series(1, 5000) g");
            s.execute("DELETE FROM orders WHERE id % 2 = 0");
            s.execute("CREATE SCHEMA \"Odd Schema\"");
            s.execute("CREATE TABLE \"Odd Schema\".\"Mixed Case\" (x int)");
        }
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(pg.url(), "postgres", "");
    }

    /** Starts a query that sleeps 30 s in another thread and waits until it has run 0.6 s. */
    @BeforeEach
    void startSlowQuery() throws Exception {
        slow = CompletableFuture.supplyAsync(() -> {
            try (Connection c = connect();
                    Statement s = c.createStatement()) {
                s.execute("SELECT pg_sleep(30)");
                return "finished";
            } catch (SQLException e) {
                return "killed: " + e.getMessage();
            }
        });
        long deadline = System.currentTimeMillis() + 10_000;
        while (slowQueries(0.6) == 0) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @AfterEach
    void endSlowQuery() throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%'"
                    + " AND pid <> pg_backend_pid()");
        }
        slow.get(10, TimeUnit.SECONDS);
    }

    static int slowQueries(double seconds) throws SQLException {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg_sleep%'"
                                + " AND now() - query_start > make_interval(secs => ?)")) {
            ps.setDouble(1, seconds);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Override
    protected Actuator actuator(boolean dryRun) {
        return new PostgresActuator(new PostgresActuator.Options(pg.url(), "postgres", null, dryRun, 60));
    }

    @Override
    protected Actuator fromEmptyEnvironment() {
        return new PostgresActuator(PostgresActuator.Options.fromEnv(new Env(Map.of())));
    }

    @Override
    protected List<Action> sampleActions() {
        return List.of(
                new Action(ActionType.KILL_SLOW_QUERIES, "postgres", Map.of("threshold_seconds", 0.5)),
                new Action(ActionType.VACUUM, "orders", Map.of()),
                new Action(ActionType.VACUUM, "Odd Schema.Mixed Case", Map.of()));
    }

    @Override
    protected List<Action> invalidActions() {
        return List.of(
                new Action(ActionType.VACUUM, "orders; DROP TABLE orders", Map.of()),
                new Action(ActionType.VACUUM, "no_such_table", Map.of()),
                new Action(ActionType.VACUUM, "pg_catalog.", Map.of()),
                new Action(ActionType.KILL_SLOW_QUERIES, "postgres", Map.of("threshold_seconds", 0)));
    }

    @Override
    protected Object observe(Action action) throws Exception {
        if (action.type() == ActionType.KILL_SLOW_QUERIES) {
            return "slow queries: " + slowQueries(0.5);
        }
        String[] st = PostgresActuator.schemaTable(action.target());
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(PostgresActuator.LAST_VACUUM)) {
            ps.setString(1, st[0]);
            ps.setString(2, st[1]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + "/" + rs.getString(2) : "none";
            }
        }
    }

    @Test
    void killsOnlyQueriesOverTheThresholdAndNeverItself() throws Exception {
        PostgresActuator a = (PostgresActuator) actuator(false);
        Execution high = a.execute(new Action(ActionType.KILL_SLOW_QUERIES, "*", Map.of("threshold_seconds", 120)));
        assertThat(high.detail()).startsWith("terminated 0 backends");
        assertThat(slow.isDone()).isFalse();
        Execution otherDb =
                a.execute(new Action(ActionType.KILL_SLOW_QUERIES, "template1", Map.of("threshold_seconds", 0.5)));
        assertThat(otherDb.detail()).startsWith("terminated 0 backends");
        Execution e = a.execute(new Action(ActionType.KILL_SLOW_QUERIES, "*", Map.of("threshold_seconds", 0.5)));
        assertThat(e.detail()).startsWith("terminated 1 backends").contains("pg_sleep(30)");
        assertThat(slow.get(10, TimeUnit.SECONDS)).startsWith("killed:");
        assertThat(a.verify(e).ok()).isTrue();
    }

    @Test
    void vacuumAnalyzeUpdatesTheTablesStatistics() throws Exception {
        PostgresActuator a = (PostgresActuator) actuator(false);
        Execution e = a.execute(new Action(ActionType.VACUUM, "public.orders", Map.of()));
        assertThat(e.call()).isEqualTo("VACUUM (ANALYZE) public.orders");
        assertThat(a.verify(e).ok()).isTrue();
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT reltuples FROM pg_class WHERE relname = 'orders'")) {
            rs.next();
            assertThat(rs.getDouble(1)).isEqualTo(2500.0); // ANALYZE counted the rows left after the delete
        }
        Execution odd = a.execute(new Action(ActionType.VACUUM, "Odd Schema.Mixed Case", Map.of()));
        assertThat(odd.call()).isEqualTo("VACUUM (ANALYZE) \"Odd Schema\".\"Mixed Case\"");
        assertThat(odd.success()).isTrue();
    }
}
