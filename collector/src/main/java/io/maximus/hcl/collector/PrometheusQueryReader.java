package io.maximus.hcl.collector;

import io.maximus.hcl.core.TelemetrySnapshot;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Prometheus server through its HTTP query API: each cycle runs every query of a {@link PromQlMapping} as an
 * instant query at the cycle's time, all in flight at once (the HTTP client's work on a bounded pool), each with its own
 * timeout, and groups the answers into one snapshot per (service, host). A query that fails (HTTP error, bad PromQL,
 * timeout, server down) is reported in the cycle and logged when its state changes, and the others go on without it.
 */
public final class PrometheusQueryReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusQueryReader.class);

    private final URI base;
    private final PromQlMapping mapping;
    private final Duration timeout;
    private final ExecutorService pool;
    private final HttpClient http;
    private final String fallbackService;
    private final String fallbackHost;
    private final Map<String, String> lastError = new ConcurrentHashMap<>();

    /**
     * One cycle's outcome.
     *
     * @param snapshots one per (service, host)
     * @param latencyMillis wall time of the cycle, from the first request to the last answer or timeout
     * @param queries queries run
     * @param failures metric name and query index to the reason, for each query that gave no answer
     */
    public record Cycle(
            List<TelemetrySnapshot> snapshots, long latencyMillis, int queries, Map<String, String> failures) {

        /** Metrics over all snapshots. */
        public int metricCount() {
            return snapshots.stream().mapToInt(s -> s.metrics().size()).sum();
        }
    }

    /**
     * A reader of the server at {@code baseUrl} (e.g. {@code http://localhost:9090}).
     *
     * @param queryTimeout the timeout of one query (connect, server-side evaluation and answer)
     * @param parallelism threads of the pool that handles the answers
     * @param fallbackService service of series without any of the service labels
     * @param fallbackHost host of series without any of the host labels
     */
    public PrometheusQueryReader(
            String baseUrl,
            PromQlMapping mapping,
            Duration queryTimeout,
            int parallelism,
            String fallbackService,
            String fallbackHost) {
        URI uri;
        try {
            uri = URI.create(baseUrl.strip().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: '" + baseUrl + "'", e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL: '" + baseUrl + "'");
        }
        if (queryTimeout.isNegative() || queryTimeout.isZero() || parallelism < 1) {
            throw new IllegalArgumentException("query timeout and parallelism must be positive");
        }
        this.base = uri;
        this.mapping = mapping;
        this.timeout = queryTimeout;
        this.fallbackService = fallbackService;
        this.fallbackHost = fallbackHost;
        this.pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "hcl-promql");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // Prometheus serves HTTP/1.1 on cleartext: no h2c upgrade
                .connectTimeout(queryTimeout)
                .executor(pool)
                .build();
    }

    /** Runs every query at {@code nowMillis} and groups the answers; never takes much longer than the timeout. */
    public Cycle read(long nowMillis) {
        long start = System.nanoTime();
        List<PromQlMapping.Entry> entries = mapping.entries();
        List<CompletableFuture<List<PromQlResult.Sample>>> futures = new ArrayList<>();
        for (PromQlMapping.Entry e : entries) {
            futures.add(query(e.query(), nowMillis));
        }
        long deadline = start + timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(500);
        Map<PromQlMapping.Entry, List<PromQlResult.Sample>> answers = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            PromQlMapping.Entry e = entries.get(i);
            String key = e.metric() + "#" + i;
            String error;
            try {
                answers.put(e, futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                error = null;
            } catch (TimeoutException ex) {
                futures.get(i).cancel(true);
                error = "no answer within " + timeout.toMillis() + " ms";
            } catch (ExecutionException ex) {
                Throwable c = ex.getCause();
                error = c instanceof PromQlResult.QueryException
                        ? c.getMessage()
                        : c instanceof java.net.http.HttpTimeoutException
                                ? "no answer within " + timeout.toMillis() + " ms"
                                : c.toString();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                error = "interrupted";
            }
            report(key, e, error);
            if (error != null) {
                failures.put(key, error);
            }
        }
        List<TelemetrySnapshot> snapshots =
                PromQlGrouping.group(mapping, answers, nowMillis, fallbackService, fallbackHost);
        long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new Cycle(snapshots, latency, entries.size(), failures);
    }

    private CompletableFuture<List<PromQlResult.Sample>> query(String promql, long nowMillis) {
        String q = "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + String.format(Locale.ROOT, "%.3f", nowMillis / 1000.0)
                + "&timeout=" + timeout.toMillis() + "ms";
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/query?" + q))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenApply(resp -> {
            try {
                List<PromQlResult.Sample> samples = PromQlResult.parse(resp.body());
                if (resp.statusCode() != 200) {
                    throw new PromQlResult.QueryException("HTTP " + resp.statusCode());
                }
                return samples;
            } catch (PromQlResult.QueryException ex) {
                String msg = resp.statusCode() == 200 || ex.getMessage().startsWith("HTTP ")
                        ? ex.getMessage()
                        : "HTTP " + resp.statusCode() + ": " + ex.getMessage();
                throw new java.util.concurrent.CompletionException(new PromQlResult.QueryException(msg));
            }
        });
    }

    private void report(String key, PromQlMapping.Entry e, String error) {
        String before = error == null ? lastError.remove(key) : lastError.put(key, error);
        if (error != null && !error.equals(before)) {
            LOG.warn(
                    "Prometheus query for {} at {} failed, its metric is left out until it answers: {} (query: {})",
                    e.metric(),
                    base,
                    error,
                    e.query());
        } else if (error == null && before != null) {
            LOG.info("Prometheus query for {} at {} answers again", e.metric(), base);
        }
    }

    /** The server's base URL. */
    public URI base() {
        return base;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
