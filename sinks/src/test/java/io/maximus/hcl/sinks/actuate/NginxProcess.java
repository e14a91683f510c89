package io.maximus.hcl.sinks.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A real nginx (master + one worker) with its own prefix, config, pid and logs in a temporary directory. */
public final class NginxProcess implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final int port;
    private final Path binary;

    private NginxProcess(Process process, Path dir, int port, Path binary) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.binary = binary;
    }

    /** Writes the configs (upstream {@code backend} over the given servers, weight 1 each) and starts nginx. */
    public static NginxProcess start(Path dir, List<String> servers) throws IOException, InterruptedException {
        Path bin = TestBinaries.require("nginx", "/usr/sbin/nginx", "/usr/bin/nginx");
        int port = TestBinaries.freePort();
        Files.createDirectories(dir.resolve("tmp"));
        dir.toFile().setExecutable(true, false);
        dir.toFile().setReadable(true, false);
        StringBuilder up = new StringBuilder("upstream backend {\n");
        servers.forEach(s -> up.append("    server ").append(s).append(" weight=1;\n"));
        Files.writeString(dir.resolve("upstreams.conf"), up.append("}\n").toString());
        String conf = """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                    include %1$s/upstreams.conf;
                    server {
                        listen 127.0.0.1:%2$d;
                        location / { proxy_pass http://backend; proxy_next_upstream off; }
                    }
                }
                """.formatted(dir, port);
        Files.writeString(dir.resolve("nginx.conf"), conf);
        Process p = new ProcessBuilder(
                        bin.toString(),
                        "-p",
                        dir.toString(),
                        "-e",
                        dir.resolve("error.log").toString(),
                        "-c",
                        dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        TestBinaries.awaitPort(port, 10_000, p);
        return new NginxProcess(p, dir, port, bin);
    }

    /** Options for an actuator driving this instance. */
    public NginxActuator.Options options(boolean dryRun) {
        return new NginxActuator.Options(
                binary,
                dir,
                dir.resolve("nginx.conf"),
                dir.resolve("upstreams.conf"),
                dir.resolve("error.log"),
                dryRun,
                10_000);
    }

    /** Reloads the config (nginx -s reload) and waits until the old workers are gone. */
    public void reloadAndWait() throws IOException, InterruptedException {
        Set<Long> old = workers();
        Process p = new ProcessBuilder(
                        binary.toString(),
                        "-p",
                        dir.toString(),
                        "-e",
                        dir.resolve("error.log").toString(),
                        "-c",
                        dir.resolve("nginx.conf").toString(),
                        "-s",
                        "reload")
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("nginx -s reload failed");
        }
        awaitWorkersReplaced(old, 10_000);
    }

    /** The upstream file. */
    public Path upstreamFile() {
        return dir.resolve("upstreams.conf");
    }

    /** The current worker processes (children of the master). */
    public Set<Long> workers() {
        Set<Long> out = new HashSet<>();
        process.toHandle().children().forEach(h -> out.add(h.pid()));
        return out;
    }

    /** Waits until none of the given (pre-reload) workers is left and a new one runs. */
    public void awaitWorkersReplaced(Set<Long> old, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            Set<Long> now = workers();
            if (!now.isEmpty() && now.stream().noneMatch(old::contains)) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("nginx workers not replaced after " + timeoutMillis + " ms");
    }

    /** One GET / over a fresh HTTP/1.0 connection (no keep-alive, so no old worker keeps it); returns the body. */
    public String get() throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String resp = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int body = resp.indexOf("\r\n\r\n");
            return body < 0 ? resp : resp.substring(body + 4);
        }
    }

    @Override
    public void close() {
        TestBinaries.stop(process);
    }
}
