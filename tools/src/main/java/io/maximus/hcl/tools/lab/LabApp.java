package io.maximus.hcl.tools.lab;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The lab's application: a small HTTP service (JDK only, one process per instance) whose requests each hold one of
 * its {@code --workers} for {@code --cost-ms} (of which {@code --cpu-ms} spinning on the CPU, the rest waiting as on
 * a backend), so an instance serves at most workers / cost requests per second and queues beyond that (the queue
 * is in front of the workers, so {@code /metrics} and {@code /health} still answer under overload). It serves
 * {@code /} (the work), {@code /health}, {@code /metrics} (Prometheus text: {@code http_requests_total{code}}, the
 * {@code http_request_duration_seconds} histogram, {@code http_requests_in_flight}, the workers' busy time
 * {@code lab_worker_busy_seconds_total} and {@code lab_workers}, resident memory) and {@code /fault?…} switches:
 * {@code slow_ms} (extra cost per request), {@code error_ratio} (share answered 500 at once, without the cost), {@code leak_mb_per_s}.
 */
public final class LabApp {

    private static final double[] BUCKETS = {
        0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10
    };

    private final int workers;
    private final int costMs;
    private final int cpuMs;
    private final ExecutorService pool;
    private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS.length);
    private final AtomicLong durationNanos = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong busyNanos = new AtomicLong();
    private volatile int slowMs;
    private volatile double errorRatio;
    private volatile double leakMbPerS;
    private final List<byte[]> leak = new ArrayList<>();

    private LabApp(int workers, int costMs, int cpuMs) {
        this.workers = workers;
        this.costMs = costMs;
        this.cpuMs = cpuMs;
        this.pool = Executors.newFixedThreadPool(workers);
    }

    /** {@code --port N [--workers 2] [--cost-ms 40] [--cpu-ms 1] [--name NAME]}. */
    public static void main(String[] args) throws IOException {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        LabApp app = new LabApp(
                Integer.parseInt(a.getOrDefault("workers", "2")),
                Integer.parseInt(a.getOrDefault("cost-ms", "40")),
                Integer.parseInt(a.getOrDefault("cpu-ms", "1")));
        app.serve(Integer.parseInt(a.get("port")));
    }

    private void serve(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/health", ex -> answer(ex, 200, "ok\n"));
        server.createContext("/metrics", ex -> answer(ex, 200, metrics()));
        server.createContext("/fault", this::fault);
        server.createContext("/", this::work);
        Thread leaker = new Thread(this::leakLoop, "lab-leak");
        leaker.setDaemon(true);
        leaker.start();
        server.start();
    }

    /** Queues the request for a worker (the server's own threads stay free for /metrics and /health). */
    private void work(HttpExchange ex) {
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        pool.execute(() -> serve(ex, start));
    }

    private void serve(HttpExchange ex, long start) {
        int code = 200;
        try {
            // a failing instance answers its errors at once (a fast 5xx: its latency stays low, its error ratio not)
            if (errorRatio > 0 && ThreadLocalRandom.current().nextDouble() < errorRatio) {
                code = 500;
                answer(ex, code, "failed\n");
                return;
            }
            long busyStart = System.nanoTime();
            try {
                long spinUntil = busyStart + cpuMs * 1_000_000L;
                double x = 0;
                while (System.nanoTime() < spinUntil) {
                    x += Math.sqrt(x + 1);
                }
                long rest = costMs + slowMs - cpuMs;
                if (rest > 0) {
                    Thread.sleep(rest);
                }
                if (x < 0) {
                    code = 599;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                busyNanos.addAndGet(System.nanoTime() - busyStart);
            }
            answer(ex, code, code == 200 ? "done\n" : "failed\n");
        } catch (IOException e) {
            code = 499;
        } finally {
            inFlight.decrementAndGet();
            double seconds = (System.nanoTime() - start) / 1e9;
            durationNanos.addAndGet(System.nanoTime() - start);
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    buckets.incrementAndGet(i);
                }
            }
            (code == 200 ? ok : errors).incrementAndGet();
        }
    }

    private void fault(HttpExchange ex) throws IOException {
        String q = ex.getRequestURI().getQuery();
        if (q != null) {
            for (String kv : q.split("&")) {
                String[] p = kv.split("=", 2);
                if (p.length == 2) {
                    switch (p[0]) {
                        case "slow_ms" -> slowMs = Integer.parseInt(p[1]);
                        case "error_ratio" -> errorRatio = Double.parseDouble(p[1]);
                        case "leak_mb_per_s" -> leakMbPerS = Double.parseDouble(p[1]);
                        default -> {
                            answer(ex, 400, "unknown switch " + p[0] + "\n");
                            return;
                        }
                    }
                }
            }
        }
        answer(
                ex,
                200,
                String.format(
                        Locale.ROOT,
                        "{\"slow_ms\":%d,\"error_ratio\":%s,\"leak_mb_per_s\":%s}%n",
                        slowMs,
                        errorRatio,
                        leakMbPerS));
    }

    /** Retains {@code leak_mb_per_s} (fractions too) in 64 KB blocks, four times a second; never released. */
    private void leakLoop() {
        double owed = 0;
        while (true) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
            owed += leakMbPerS * 1024 / 4 / 64;
            for (; owed >= 1; owed--) {
                byte[] b = new byte[64 << 10];
                java.util.Arrays.fill(b, (byte) 1);
                synchronized (leak) {
                    leak.add(b);
                }
            }
        }
    }

    private String metrics() {
        StringBuilder s = new StringBuilder();
        s.append("# TYPE http_requests_total counter\n");
        s.append("http_requests_total{code=\"200\"} ").append(ok.get()).append('\n');
        s.append("http_requests_total{code=\"500\"} ").append(errors.get()).append('\n');
        s.append("# TYPE http_request_duration_seconds histogram\n");
        for (int i = 0; i < BUCKETS.length; i++) {
            s.append("http_request_duration_seconds_bucket{le=\"")
                    .append(BUCKETS[i])
                    .append("\"} ")
                    .append(buckets.get(i))
                    .append('\n');
        }
        long count = ok.get() + errors.get();
        s.append("http_request_duration_seconds_bucket{le=\"+Inf\"} ")
                .append(count)
                .append('\n');
        s.append("http_request_duration_seconds_sum ")
                .append(durationNanos.get() / 1e9)
                .append('\n');
        s.append("http_request_duration_seconds_count ").append(count).append('\n');
        s.append("# TYPE http_requests_in_flight gauge\n");
        s.append("http_requests_in_flight ").append(inFlight.get()).append('\n');
        s.append("# TYPE lab_worker_busy_seconds_total counter\n");
        s.append("lab_worker_busy_seconds_total ").append(busyNanos.get() / 1e9).append('\n');
        s.append("# TYPE lab_workers gauge\n");
        s.append("lab_workers ").append(workers).append('\n');
        s.append("# TYPE process_resident_memory_bytes gauge\n");
        s.append("process_resident_memory_bytes ").append(rss()).append('\n');
        s.append("# TYPE lab_heap_used_bytes gauge\n");
        Runtime rt = Runtime.getRuntime();
        s.append("lab_heap_used_bytes ")
                .append(rt.totalMemory() - rt.freeMemory())
                .append('\n');
        s.append("# TYPE lab_heap_max_bytes gauge\n");
        s.append("lab_heap_max_bytes ").append(rt.maxMemory()).append('\n');
        return s.toString();
    }

    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }

    private static void answer(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }
}
