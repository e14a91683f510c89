package io.maximus.hcl.tools.lab;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The lab's load: an open-loop generator (requests are sent on a schedule whatever the answers' latency, as real
 * users do) at {@code base} requests per second shaped like a day compressed into {@code dayMillis} (night at 80%,
 * afternoon at 120%), times a multiplier the drills change (a surge triples it).
 */
public final class LoadGenerator implements AutoCloseable {

    private final URI target;
    private final double base;
    private final long dayMillis;
    private final HttpClient http;
    private final ExecutorService pool;
    private final AtomicReference<Double> multiplier = new AtomicReference<>(1.0);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final long startedAt = System.currentTimeMillis();
    private volatile boolean running = true;
    private final Thread ticker;

    /** Starts sending to {@code target} at once. */
    public LoadGenerator(URI target, double base, long dayMillis) {
        this.target = target;
        this.base = base;
        this.dayMillis = dayMillis;
        this.pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "lab-load");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .executor(pool)
                .build();
        this.ticker = new Thread(this::run, "lab-load-ticker");
        ticker.setDaemon(true);
        ticker.start();
    }

    /** The rate now (requests per second). */
    public double rate() {
        double phase = 2 * Math.PI * ((System.currentTimeMillis() - startedAt) % dayMillis) / dayMillis;
        return base * (1 - 0.2 * Math.cos(phase)) * multiplier.get();
    }

    /** Sets the multiplier of the daily shape (1 normally). */
    public void multiplier(double m) {
        multiplier.set(m);
    }

    /** Requests sent so far. */
    public long sent() {
        return sent.get();
    }

    /** Requests that failed (no answer or 5xx). */
    public long failed() {
        return failed.get();
    }

    private void run() {
        double due = 0;
        long last = System.nanoTime();
        while (running) {
            long now = System.nanoTime();
            due += rate() * (now - last) / 1e9;
            last = now;
            while (due >= 1) {
                due -= 1;
                sent.incrementAndGet();
                http.sendAsync(
                                HttpRequest.newBuilder(target)
                                        .timeout(Duration.ofSeconds(15))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .whenComplete((r, e) -> {
                            if (e != null || r.statusCode() >= 500) {
                                failed.incrementAndGet();
                            }
                        });
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        ticker.interrupt();
        pool.shutdownNow();
    }
}
