package io.maximus.hcl.collector;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real prometheus-node-exporter (Debian's package) on a free loopback port, for tests. A missing binary fails the
 * test under CI=true and skips it elsewhere (bin/install-test-deps installs it).
 */
final class NodeExporterProcess implements AutoCloseable {

    private static final List<String> CANDIDATES =
            List.of("/usr/bin/prometheus-node-exporter", "/usr/local/bin/node_exporter", "/usr/bin/node_exporter");

    private final Process process;
    private final int port;

    private NodeExporterProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts node_exporter, logging to {@code dir}, and waits until it accepts connections. */
    static NodeExporterProcess start(Path dir) throws IOException, InterruptedException {
        Path bin = CANDIDATES.stream()
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        if (bin == null) {
            String msg = "prometheus-node-exporter not found at " + CANDIDATES + ": run bin/install-test-deps";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(msg);
            }
            Assumptions.abort(msg);
        }
        int port = freePort();
        Process p = new ProcessBuilder(bin.toString(), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("node-exporter.log").toFile())
                .start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new NodeExporterProcess(p, port);
            } catch (IOException e) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("node_exporter exited with " + p.exitValue() + ": "
                            + Files.readString(dir.resolve("node-exporter.log")));
                }
                if (System.currentTimeMillis() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("node_exporter does not listen on " + port + " after 10 s");
                }
                Thread.sleep(20);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Its metrics URL. */
    String url() {
        return "http://127.0.0.1:" + port + "/metrics";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
