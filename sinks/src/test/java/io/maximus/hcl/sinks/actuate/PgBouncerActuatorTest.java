package io.maximus.hcl.sinks.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pgbouncer actuator against Debian's pgbouncer in front of a real PostgreSQL. */
class PgBouncerActuatorTest extends ActuatorContractTest {

    static PostgresFixture pg;
    static PgBouncerProcess bouncer;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresFixture.shared();
        bouncer = PgBouncerProcess.start(pg.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (bouncer != null) {
            bouncer.close();
        }
    }

    private PgBouncerActuator.Options options(boolean dryRun) {
        return new PgBouncerActuator.Options(
                "127.0.0.1",
                bouncer.port(),
                "hcl",
                null,
                dryRun,
                TestBinaries.require("psql", "/usr/bin/psql").toString());
    }

    @Override
    protected Actuator actuator(boolean dryRun) {
        return new PgBouncerActuator(options(dryRun));
    }

    @Override
    protected Actuator fromEmptyEnvironment() {
        return new PgBouncerActuator(PgBouncerActuator.Options.fromEnv(new Env(Map.of())));
    }

    @Override
    protected List<Action> sampleActions() {
        return List.of(
                new Action(ActionType.RESIZE_POOL, "app", Map.of("size", 35)),
                new Action(ActionType.RESIZE_POOL, "*", Map.of("setting", "max_client_conn", "size", 250)));
    }

    @Override
    protected List<Action> invalidActions() {
        return List.of(
                new Action(ActionType.RESIZE_POOL, "nosuchdb", Map.of("size", 10)),
                new Action(ActionType.RESIZE_POOL, "fixed", Map.of("size", 10)),
                new Action(ActionType.RESIZE_POOL, "app", Map.of("size", 0)),
                new Action(ActionType.RESIZE_POOL, "app", Map.of("size", "10; SHUTDOWN")),
                new Action(ActionType.RESIZE_POOL, "app", Map.of("setting", "listen_port", "size", 5)));
    }

    /** The pool sizes pgbouncer reports and the setting's value in SHOW CONFIG. */
    @Override
    protected Object observe(Action action) throws Exception {
        List<String> out = new ArrayList<>();
        PgBouncerConsole c = new PgBouncerActuator(options(true)).console();
        out.add("app=" + c.databasePoolSize("app"));
        out.add("fixed=" + c.databasePoolSize("fixed"));
        out.add(c.config().get(Params.string(action, "setting", "default_pool_size")));
        return out;
    }

    private static Connection client() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + bouncer.port() + "/app", "postgres", "");
    }

    private static String query(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Map<String, String> pool(PgBouncerActuator a) throws Exception {
        for (Map<String, String> row : a.console().run("SHOW POOLS")) {
            if ("app".equals(row.get("database"))) {
                return row;
            }
        }
        return Map.of();
    }

    @Test
    void resizedPoolServesClientsThroughPgbouncer() throws Exception {
        try (PgBouncerActuator a = new PgBouncerActuator(options(false))) {
            Execution e = a.execute(new Action(ActionType.RESIZE_POOL, "app", Map.of("size", 3)));
            assertThat(e.detail()).isEqualTo("default_pool_size 20 -> 3");
            assertThat(a.verify(e).ok()).isTrue();
            // session pooling with 3 server connections: three clients hold them, a fourth has to wait
            List<Connection> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Connection c = client();
                    query(c);
                    clients.add(c);
                }
                CompletableFuture<String> fourth = CompletableFuture.supplyAsync(() -> {
                    try (Connection c = client()) {
                        return query(c);
                    } catch (SQLException ex) {
                        return ex.getMessage();
                    }
                });
                long deadline = System.currentTimeMillis() + 5_000;
                Map<String, String> pool = pool(a);
                while (!"1".equals(pool.get("cl_waiting")) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                    pool = pool(a);
                }
                assertThat(pool).containsEntry("cl_waiting", "1").containsEntry("sv_active", "3");
                assertThat(fourth).isNotDone();
                clients.remove(0).close();
                assertThat(fourth.get(5, TimeUnit.SECONDS)).isEqualTo("1");
            } finally {
                for (Connection c : clients) {
                    c.close();
                }
            }
            assertThat(a.revert(e).success()).isTrue();
            assertThat(a.console().databasePoolSize("app")).isEqualTo(20);
        }
    }
}
