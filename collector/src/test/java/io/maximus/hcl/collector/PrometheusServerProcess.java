package io.maximus.hcl.collector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus server (Debian's package {@code prometheus}) on a free loopback port scraping the given targets
 * every second (and itself, as job {@code prometheus}), for tests. A missing binary fails the test under CI=true and skips it elsewhere.
 */
final class PrometheusServerProcess implements AutoCloseable {

    private static final List<String> CANDIDATES = List.of("/usr/bin/prometheus", "/usr/local/bin/prometheus");

    private final Process process;
    private final int port;

    private PrometheusServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts Prometheus with job {@code job} scraping {@code hostPort}, and waits until it is ready. */
    static PrometheusServerProcess start(Path dir, String job, String hostPort)
            throws IOException, InterruptedException {
        Path bin = CANDIDATES.stream()
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        if (bin == null) {
            String msg = "prometheus not found at " + CANDIDATES + ": run bin/install-test-deps";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(msg);
            }
            Assumptions.abort(msg);
        }
        int port = NodeExporterProcess.freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(
                config,
                "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
                        + "scrape_configs:\n"
                        + "  - job_name: " + job + "\n"
                        + "    static_configs: [{targets: ['" + hostPort + "']}]\n"
                        + "  - job_name: prometheus\n"
                        + "    static_configs: [{targets: ['127.0.0.1:" + port + "']}]\n");
        Process p = new ProcessBuilder(
                        bin.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                var resp = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() == 200) {
                    return new PrometheusServerProcess(p, port);
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + p.exitValue() + ": "
                        + Files.readString(dir.resolve("prometheus.log")));
            }
            if (System.currentTimeMillis() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("prometheus not ready on " + port + " after 30 s");
            }
            Thread.sleep(100);
        }
    }

    /** Its base URL. */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
