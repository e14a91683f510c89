package io.maximus.hcl.sinks.actuate;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Finds the real server binaries the tests start; a missing one fails under CI=true and skips otherwise. */
public final class TestBinaries {

    private TestBinaries() {}

    /** Whether the tests run in CI, where a missing component must fail, never skip. */
    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The path of the first existing candidate, or fail (CI) / skip (elsewhere) naming bin/install-test-deps. */
    public static Path require(String what, String... candidates) {
        for (String c : candidates) {
            Path p = Path.of(c);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String msg = what + " not found at " + List.of(candidates) + ": run bin/install-test-deps";
        if (ci()) {
            Assertions.fail(msg);
        }
        Assumptions.abort(msg);
        throw new IllegalStateException(msg);
    }

    /** A free TCP port on the loopback interface (the OS picks it). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until something accepts connections on 127.0.0.1:port, or throws after the timeout. */
    public static void awaitPort(int port, long timeoutMillis, Process p) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (p != null && !p.isAlive()) {
                    throw new IllegalStateException(
                            "process exited with " + p.exitValue() + " before port " + port + " opened");
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("nothing listens on port " + port + " after " + timeoutMillis + " ms");
    }

    /** Stops a process we started (by its handle, i.e. its pid), forcibly after 5 s. */
    public static void stop(Process p) {
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
