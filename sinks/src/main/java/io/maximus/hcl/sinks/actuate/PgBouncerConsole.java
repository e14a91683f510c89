package io.maximus.hcl.sinks.actuate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * pgbouncer's admin console through {@code psql}.
 *
 * <p>Why not JDBC: pgbouncer (1.18) reports its own version as {@code server_version} on the console, so pgjdbc takes
 * it for a pre-9.0 server and sends {@code SET extra_float_digits} after login, which the console rejects ("SET
 * failed") whatever the connection options. psql speaks the simple protocol and every auth method (SCRAM included);
 * it is the tool pgbouncer documents for its console. The password goes in {@code PGPASSWORD}, never on the command
 * line.
 */
public final class PgBouncerConsole {

    private final String psql;
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final long timeoutMillis;

    /** A console client; {@code psql} is the path of the psql binary. */
    public PgBouncerConsole(String psql, String host, int port, String user, String password, long timeoutMillis) {
        this.psql = psql;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.timeoutMillis = timeoutMillis;
    }

    /** The command line for one console statement (no password in it). */
    public List<String> command(String sql) {
        return List.of(
                psql,
                "-X",
                "-q",
                "--csv",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                host,
                "-p",
                Integer.toString(port),
                "-U",
                user,
                "-d",
                "pgbouncer",
                "-c",
                sql);
    }

    /** Runs one console statement; returns its rows as column → value (empty for SET/RELOAD). */
    public List<Map<String, String>> run(String sql) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(sql)).redirectErrorStream(false);
        Map<String, String> env = pb.environment();
        env.remove("PGPASSWORD");
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        env.put("PGCONNECT_TIMEOUT", Long.toString(Math.max(1, timeoutMillis / 1000)));
        Process p = pb.start();
        byte[] out;
        byte[] err;
        try {
            out = p.getInputStream().readAllBytes();
            err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("psql timed out after " + timeoutMillis + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("pgbouncer console: " + new String(err, StandardCharsets.UTF_8).trim());
        }
        return parseCsv(new String(out, StandardCharsets.UTF_8));
    }

    /** SHOW CONFIG as key → value. */
    public Map<String, String> config() throws IOException {
        Map<String, String> out = new HashMap<>();
        for (Map<String, String> row : run("SHOW CONFIG")) {
            out.put(row.get("key"), row.get("value"));
        }
        return out;
    }

    /** The effective pool size of a database from SHOW DATABASES, or null if pgbouncer has none of that name. */
    public Integer databasePoolSize(String db) throws IOException {
        for (Map<String, String> row : run("SHOW DATABASES")) {
            if (db.equals(row.get("name"))) {
                return Integer.valueOf(row.get("pool_size"));
            }
        }
        return null;
    }

    /** Parses psql's CSV output (RFC 4180 quoting) into rows keyed by the header. */
    static List<Map<String, String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            any = true;
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                rec.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n') {
                rec.add(field.toString());
                field.setLength(0);
                records.add(rec);
                rec = new ArrayList<>();
                any = false;
            } else if (ch != '\r') {
                field.append(ch);
            }
        }
        if (any) {
            rec.add(field.toString());
            records.add(rec);
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < records.get(0).size() && c < records.get(r).size(); c++) {
                row.put(records.get(0).get(c), records.get(r).get(c));
            }
            rows.add(row);
        }
        return rows;
    }
}
