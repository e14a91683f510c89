package io.maximus.hcl.sinks.actuate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real redis-server on a random loopback port with a temporary directory, for tests. */
public final class RedisServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private RedisServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts redis-server (no persistence) and waits for it to accept connections. */
    public static RedisServerProcess start(Path dir) throws IOException, InterruptedException {
        Path bin = TestBinaries.require("redis-server", "/usr/bin/redis-server", "/usr/local/bin/redis-server");
        int port = TestBinaries.freePort();
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(
                        bin.toString(),
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--dir",
                        dir.toString(),
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--daemonize",
                        "no")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        TestBinaries.awaitPort(port, 10_000, p);
        return new RedisServerProcess(p, port);
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        TestBinaries.stop(process);
    }
}
