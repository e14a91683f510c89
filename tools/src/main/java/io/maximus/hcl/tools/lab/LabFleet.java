package io.maximus.hcl.tools.lab;

import io.maximus.hcl.collector.PromQlMapping;
import io.maximus.hcl.jobs.local.EmbeddedPostgresServer;
import io.maximus.hcl.sinks.actuate.LocalDeployment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's fleet, every part a real process in one temporary directory on free loopback ports: nginx balancing
 * application instances ({@link LabApp}, a local deployment {@code app}), Redis, PostgreSQL (embedded binaries)
 * behind pgbouncer, the Debian exporters of each and node_exporter, a Prometheus server scraping them all, and HCL in
 * its own JVM ({@link LabJob}) with live actuators allowed only on the lab's systems. {@link #close} stops everything
 * it started, by the handles and pids it recorded.
 */
public final class LabFleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LabFleet.class);

    /** What the fleet runs with. */
    public record Settings(int instances, long intervalMillis, Map<String, String> jobOptions) {}

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private EmbeddedPostgresServer pg;
    private LocalDeployment app;
    private Process job;
    private String nginxBin;

    private LabFleet(Path dir) {
        this.dir = dir;
    }

    /** The lab directory. */
    public Path dir() {
        return dir;
    }

    /** The named ports (nginx, prometheus, redis, postgres, pgbouncer, …). */
    public Map<String, Integer> ports() {
        return ports;
    }

    /** The application's local deployment. */
    public LocalDeployment app() {
        return app;
    }

    /** JDBC URL of the lab's PostgreSQL as {@code user} (no password: the lab's server trusts loopback). */
    public String jdbcUrl(String database, String user) {
        return "jdbc:postgresql://127.0.0.1:" + ports.get("postgres") + "/" + database + "?user=" + user;
    }

    /** Base URL of the lab's Prometheus server. */
    public String prometheusUrl() {
        return "http://127.0.0.1:" + ports.get("prometheus");
    }

    /** Starts the whole fleet and HCL; on failure stops what was started and throws. */
    public static LabFleet start(Settings s) throws Exception {
        Path dir = Files.createTempDirectory("hcl-lab");
        dir.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        LabFleet f = new LabFleet(dir);
        try {
            f.startAll(s);
            return f;
        } catch (Exception | Error e) {
            f.close();
            throw e;
        }
    }

    /** The binaries the lab needs, each an absolute path; a missing one fails with what to install. */
    static String require(String name, String... candidates) {
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        throw new IllegalStateException("lab component missing: " + name + " (" + String.join(" or ", candidates)
                + "); run bin/install-test-deps");
    }

    private void startAll(Settings s) throws Exception {
        nginxBin = require("nginx", "/usr/sbin/nginx", "/usr/bin/nginx");
        String redis = require("redis-server", "/usr/bin/redis-server");
        String pgbouncer = require("pgbouncer", "/usr/sbin/pgbouncer", "/usr/bin/pgbouncer");
        String prometheus = require("prometheus", "/usr/bin/prometheus");
        String nodeExp = require("prometheus-node-exporter", "/usr/bin/prometheus-node-exporter");
        String nginxExp = require("prometheus-nginx-exporter", "/usr/bin/prometheus-nginx-exporter");
        String redisExp = require("prometheus-redis-exporter", "/usr/bin/prometheus-redis-exporter");
        String pgExp = require("prometheus-postgres-exporter", "/usr/bin/prometheus-postgres-exporter");
        String pgbExp = require("prometheus-pgbouncer-exporter", "/usr/bin/prometheus-pgbouncer-exporter");
        String setpriv = require("setpriv", "/usr/bin/setpriv");
        for (String n : List.of(
                "nginx",
                "nginx_status",
                "nginx_exporter",
                "redis",
                "redis_exporter",
                "postgres_exporter",
                "pgbouncer",
                "pgbouncer_exporter",
                "node_exporter",
                "prometheus")) {
            ports.put(n, freePort());
        }

        // nginx in front of the app's upstream (rewritten by the local deployment on every scale)
        Path ngx = Files.createDirectories(dir.resolve("nginx"));
        Files.createDirectories(ngx.resolve("tmp"));
        Files.writeString(
                ngx.resolve("upstream-app.conf"), "upstream app_backend {\n    server 127.0.0.1:1 down;\n}\n");
        Files.writeString(ngx.resolve("nginx.conf"), """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 2048; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                    include %1$s/upstream-app.conf;
                    server {
                        listen 127.0.0.1:%2$d;
                        location / { proxy_pass http://app_backend; proxy_read_timeout 30s; }
                    }
                    server {
                        listen 127.0.0.1:%3$d;
                        location /stub_status { stub_status; }
                    }
                }
                """.formatted(ngx, ports.get("nginx"), ports.get("nginx_status")));
        List<String> ngxCmd = List.of(
                nginxBin,
                "-p",
                ngx.toString(),
                "-e",
                ngx.resolve("error.log").toString(),
                "-c",
                ngx.resolve("nginx.conf").toString());
        spawn("nginx", ngxCmd, Map.of());
        awaitPort("nginx", ports.get("nginx"));

        // the application: a local deployment the HCL local actuator scales (spec file read by both sides)
        Path deployments = Files.createDirectories(dir.resolve("deployments"));
        int base = 20_000 + ThreadLocalRandom.current().nextInt(400) * 100;
        String cp = Path.of(LabApp.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        StringBuilder spec = new StringBuilder();
        List<String> cmd = List.of(
                javaBin(),
                // the instance's memory limit: a 96 MB heap (exported as lab_heap_max_bytes, memory_usage is the share
                // used) with a small young generation, so the heap's GC sawtooth is small and a leak shows in its lower
                // envelope; the instance exits when the heap runs out, as a container would be killed at its limit
                "-Xmx96m",
                "-Xmn4m",
                "-XX:+ExitOnOutOfMemoryError",
                "-Xss256k",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                cp,
                LabApp.class.getName(),
                "--port",
                "{port}",
                "--workers",
                "2",
                "--cost-ms",
                "40");
        for (int i = 0; i < cmd.size(); i++) {
            spec.append("command.")
                    .append(i)
                    .append('=')
                    .append(escape(cmd.get(i)))
                    .append('\n');
        }
        for (int i = 0; i < ngxCmd.size(); i++) {
            spec.append("reload.")
                    .append(i)
                    .append('=')
                    .append(escape(ngxCmd.get(i)))
                    .append('\n');
        }
        spec.append("reload.").append(ngxCmd.size()).append("=-s\n");
        spec.append("reload.").append(ngxCmd.size() + 1).append("=reload\n");
        spec.append("ports=").append(base).append('-').append(base + 99).append('\n');
        spec.append("state_dir=")
                .append(escape(dir.resolve("app-instances").toString()))
                .append('\n');
        spec.append("upstream_file=")
                .append(escape(ngx.resolve("upstream-app.conf").toString()))
                .append('\n');
        spec.append("upstream_name=app_backend\n");
        spec.append("targets_file=")
                .append(escape(dir.resolve("app-targets.json").toString()))
                .append('\n');
        spec.append("instance_prefix=app\nmax_replicas=6\n");
        Files.writeString(deployments.resolve("app.properties"), spec.toString());
        app = LocalDeployment.load("app", deployments.resolve("app.properties"));
        app.scaleTo(s.instances(), 30_000);

        // Redis with a small maxmemory, and its exporter
        Path redisDir = Files.createDirectories(dir.resolve("redis"));
        spawn(
                "redis",
                List.of(
                        redis,
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        ports.get("redis").toString(),
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        redisDir.toString(),
                        "--maxmemory",
                        "32mb",
                        "--maxmemory-policy",
                        "volatile-lru"),
                Map.of());
        awaitPort("redis", ports.get("redis"));
        spawn(
                "redis_exporter",
                List.of(
                        redisExp,
                        "-redis.addr",
                        "redis://127.0.0.1:" + ports.get("redis"),
                        "-web.listen-address",
                        "127.0.0.1:" + ports.get("redis_exporter")),
                Map.of());

        // PostgreSQL (embedded binaries: a real server) with the application's users, pgbouncer in front
        pg = EmbeddedPostgresServer.start();
        ports.put("postgres", pg.port());
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
                Statement st = c.createStatement()) {
            st.execute("CREATE ROLE lab_app LOGIN");
            st.execute("CREATE ROLE lab_report LOGIN");
            st.execute("CREATE ROLE pgbouncer LOGIN SUPERUSER");
            st.execute("CREATE DATABASE labdb OWNER lab_app");
        }
        Path pgb = Files.createDirectories(dir.resolve("pgbouncer"));
        Files.writeString(pgb.resolve("userlist.txt"), "\"pgbouncer\" \"\"\n\"lab_app\" \"\"\n\"lab_report\" \"\"\n");
        Files.writeString(pgb.resolve("pgbouncer.ini"), """
                [databases]
                labdb = host=127.0.0.1 port=%2$d dbname=labdb
                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = %3$d
                unix_socket_dir =
                auth_type = trust
                auth_file = %1$s/userlist.txt
                admin_users = pgbouncer
                stats_users = pgbouncer
                pool_mode = session
                default_pool_size = 20
                ignore_startup_parameters = extra_float_digits
                logfile = %1$s/pgbouncer.log
                pidfile = %1$s/pgbouncer.pid
                """.formatted(pgb, pg.port(), ports.get("pgbouncer")));
        for (Path p : List.of(pgb, pgb.resolve("userlist.txt"), pgb.resolve("pgbouncer.ini"))) {
            p.toFile().setReadable(true, false);
            p.toFile().setWritable(true, false);
            p.toFile().setExecutable(true, false);
        }
        List<String> pgbCmd = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            pgbCmd.addAll(List.of(setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        }
        pgbCmd.addAll(List.of(pgbouncer, pgb.resolve("pgbouncer.ini").toString()));
        spawn("pgbouncer", pgbCmd, Map.of());
        awaitPort("pgbouncer", ports.get("pgbouncer"));
        spawn(
                "postgres_exporter",
                List.of(pgExp, "--web.listen-address=127.0.0.1:" + ports.get("postgres_exporter")),
                Map.of(
                        "DATA_SOURCE_NAME",
                        "postgresql://postgres@127.0.0.1:" + pg.port() + "/postgres?sslmode=disable"));
        spawn(
                "pgbouncer_exporter",
                List.of(
                        pgbExp,
                        "--host",
                        "127.0.0.1",
                        "--port",
                        ports.get("pgbouncer_exporter").toString(),
                        "--pgbouncer-host",
                        "127.0.0.1",
                        "--pgbouncer-port",
                        ports.get("pgbouncer").toString(),
                        "--pgbouncer-user",
                        "pgbouncer"),
                Map.of());
        spawn(
                "nginx_exporter",
                List.of(
                        nginxExp,
                        "-nginx.scrape-uri",
                        "http://127.0.0.1:" + ports.get("nginx_status") + "/stub_status",
                        "-web.listen-address",
                        "127.0.0.1:" + ports.get("nginx_exporter")),
                Map.of());
        spawn(
                "node_exporter",
                List.of(nodeExp, "--web.listen-address=127.0.0.1:" + ports.get("node_exporter")),
                Map.of());

        // Prometheus scraping everything every second; the app's instances come from the deployment's file_sd file
        StringBuilder prom = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: app
                    file_sd_configs:
                      - files: ['%s']
                        refresh_interval: 1s
                """.formatted(dir.resolve("app-targets.json")));
        for (String[] j : new String[][] {
            {"nginx", "nginx_exporter", "nginx-1"},
            {"redis", "redis_exporter", "redis-1"},
            {"postgres", "postgres_exporter", "postgres-1"},
            {"pgbouncer", "pgbouncer_exporter", "pgbouncer-1"},
            {"node", "node_exporter", "lab-host"}
        }) {
            prom.append("  - job_name: ").append(j[0]).append('\n');
            prom.append("    static_configs:\n");
            prom.append("      - targets: ['127.0.0.1:").append(ports.get(j[1])).append("']\n");
            prom.append("        labels: {instance: ").append(j[2]).append("}\n");
        }
        Files.writeString(dir.resolve("prometheus.yml"), prom.toString());
        spawn(
                "prometheus",
                List.of(
                        prometheus,
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("prometheus-data"),
                        "--storage.tsdb.retention.time=1h",
                        "--web.listen-address=127.0.0.1:" + ports.get("prometheus")),
                Map.of());
        awaitHttp(prometheusUrl() + "/-/ready", 60_000);

        // HCL: Kafka, PostgreSQL, the job and the collector in their own JVM, actuators live on the lab only
        Path mapping = dir.resolve("lab-mapping.yaml");
        Files.writeString(mapping, labMapping());
        List<String> jobCmd = new ArrayList<>(List.of(
                javaBin(),
                "-Xmx1g",
                "-Dlog4j2.configurationFile=log4j2-cli.xml",
                "-cp",
                System.getProperty("java.class.path"),
                LabJob.class.getName(),
                dir.toString(),
                prometheusUrl(),
                mapping.toString(),
                Long.toString(s.intervalMillis())));
        jobCmd.add("execute.action-log=file:" + Files.createDirectories(dir.resolve("action-log")));
        s.jobOptions().forEach((k, v) -> jobCmd.add(k + "=" + v));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HCL_LOCAL_DRY_RUN", "false");
        env.put("HCL_LOCAL_DEPLOYMENTS", deployments.toString());
        env.put("HCL_TARGETS_LOCAL", "app=app");
        env.put("HCL_PG_DRY_RUN", "false");
        env.put("HCL_PG_URL", "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres");
        env.put("HCL_PG_USER", "postgres");
        env.put("HCL_PG_KILL_USERS", "lab_report");
        env.put("HCL_TARGETS_POSTGRES", "postgres=labdb");
        env.put("HCL_REDIS_DRY_RUN", "false");
        env.put("HCL_REDIS_PORT", ports.get("redis").toString());
        // only the batch job's keys may be flushed; they are junk, so no snapshot for a revert
        env.put("HCL_TARGETS_REDIS", "redis=batch:*");
        env.put("HCL_REDIS_SNAPSHOT_LIMIT", "0");
        env.put("HCL_NGINX_DRY_RUN", "false");
        env.put("HCL_NGINX_BIN", nginxBin);
        env.put("HCL_NGINX_PREFIX", ngx.toString());
        env.put("HCL_NGINX_CONF", ngx.resolve("nginx.conf").toString());
        env.put("HCL_NGINX_ERROR_LOG", ngx.resolve("error.log").toString());
        env.put("HCL_NGINX_UPSTREAM_FILE", ngx.resolve("upstream-app.conf").toString());
        env.put("HCL_TARGETS_NGINX", "app=app_backend");
        // an app instance's host in telemetry (its Prometheus instance label app-PORT) names upstream server PORT
        env.put("HCL_NGINX_HOST_SERVER", "app-{port}=127.0.0.1:{port}");
        env.put("HCL_NOTIFY_DRY_RUN", "false");
        job = spawn("hcl-job", jobCmd, env);
        long deadline = System.currentTimeMillis() + 240_000;
        while (!Files.exists(dir.resolve("job-ready"))) {
            if (!job.isAlive()) {
                throw new IllegalStateException(
                        "HCL's lab job exited with " + job.exitValue() + ": " + tailOf(dir.resolve("hcl-job.log")));
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("HCL's lab job did not start in 240 s");
            }
            Thread.sleep(200);
        }
    }

    /** The lab's mapping: the shipped defaults with windows scaled to the lab's 1 s scrapes, plus the app's CPU. */
    static String labMapping() {
        return PromQlMapping.defaultsText().replace("[1m]", "[10s]").replace("[5m]", "[30s]") + """

                  # ---- the lab's application: its workers' busy share is its CPU (each request holds a worker) --------
                  - metric: cpu_usage
                    query: >-
                      100 * sum by (job, instance) (rate(lab_worker_busy_seconds_total[10s]))
                      / sum by (job, instance) (lab_workers)
                  - metric: memory_usage
                    query: 100 * lab_heap_used_bytes / lab_heap_max_bytes
                  - metric: memory_rss_bytes
                    query: process_resident_memory_bytes
                """;
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Process spawn(String name, List<String> cmd, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        LOG.info("lab: started {} (pid {})", name, p.pid());
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitPort(String name, int port) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(
                name + " did not listen on " + port + ": " + tailOf(dir.resolve(name + ".log")));
    }

    static void awaitHttp(String url, long millis) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(url + " did not answer in " + millis + " ms");
    }

    static String tailOf(Path log) {
        try {
            String s = Files.readString(log);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Files.writeString(dir.resolve("stop"), "");
        } catch (IOException e) {
            // the job is destroyed below anyway
        }
        if (job != null) {
            try {
                job.waitFor(40, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (app != null) {
            try {
                app.stopAll();
            } catch (IOException e) {
                LOG.warn("lab: stopping app instances: {}", e.toString());
            }
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        if (pg != null) {
            try {
                pg.close();
            } catch (IOException e) {
                LOG.warn("lab: stopping PostgreSQL: {}", e.toString());
            }
        }
        Objects.requireNonNull(dir);
    }
}
