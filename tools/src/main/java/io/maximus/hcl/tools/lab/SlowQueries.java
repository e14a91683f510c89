package io.maximus.hcl.tools.lab;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The slow-queries drill's fault on the lab's PostgreSQL, through pgbouncer: a reporting user ({@code lab_report})
 * piles up long-running queries in {@code labdb}, while the application's user ({@code lab_app}) keeps running short
 * queries on its own session and an idle reporting session stays open; afterwards it says which were killed.
 */
final class SlowQueries implements AutoCloseable {

    private final String url;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private final AtomicInteger killed = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicLong appQueries = new AtomicLong();
    private final AtomicLong appFailures = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private int injected;
    private Connection idle;

    SlowQueries(LabFleet fleet) throws SQLException {
        this.url = "jdbc:postgresql://127.0.0.1:" + fleet.ports().get("pgbouncer") + "/labdb";
        Thread app = new Thread(this::appLoop, "lab-app-queries");
        app.setDaemon(true);
        app.start();
        threads.add(app);
        idle = DriverManager.getConnection(url + "?user=lab_report");
    }

    private void appLoop() {
        try (Connection c = DriverManager.getConnection(url + "?user=lab_app");
                Statement st = c.createStatement()) {
            while (running.get()) {
                try {
                    st.execute("SELECT count(*) FROM pg_class");
                    appQueries.incrementAndGet();
                } catch (SQLException e) {
                    appFailures.incrementAndGet();
                }
                Thread.sleep(200);
            }
        } catch (SQLException e) {
            appFailures.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts {@code n} queries of ten minutes each as {@code lab_report}. */
    void inject(int n) throws SQLException {
        injected = n;
        for (int i = 0; i < n; i++) {
            Connection c = DriverManager.getConnection(url + "?user=lab_report");
            connections.add(c);
            Thread t = new Thread(
                    () -> {
                        try (Statement st = c.createStatement()) {
                            st.execute("SELECT pg_sleep(600)");
                            finished.incrementAndGet();
                        } catch (SQLException e) {
                            killed.incrementAndGet();
                        }
                    },
                    "lab-slow-query-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    /** What happened to each kind of query. */
    Map<String, Object> outcome() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("slow_injected", injected);
        m.put("slow_killed", killed.get());
        m.put("app_queries_ok", appQueries.get());
        m.put("app_query_failures", appFailures.get());
        boolean idleAlive;
        try (Statement st = idle.createStatement()) {
            st.execute("SELECT 1");
            idleAlive = true;
        } catch (SQLException e) {
            idleAlive = false;
        }
        m.put("idle_report_session_alive", idleAlive);
        return m;
    }

    @Override
    public void close() {
        running.set(false);
        for (Connection c : connections) {
            try {
                c.close();
            } catch (SQLException e) {
                // already gone
            }
        }
        try {
            idle.close();
        } catch (SQLException e) {
            // already gone
        }
    }
}
