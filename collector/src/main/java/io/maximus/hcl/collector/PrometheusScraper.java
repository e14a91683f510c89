package io.maximus.hcl.collector;

import io.maximus.hcl.core.TelemetrySnapshot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes Prometheus endpoints (text format 0.0.4) with the JDK HttpClient and merges their metrics, mapped by
 * {@link PrometheusMapping}, into a host's snapshot. Counters become per-second rates between two scrapes of the same
 * endpoint (a counter that went down, i.e. was reset, gives no rate that time). The host's own readings win over an
 * endpoint's for the same name, and an earlier endpoint wins over a later one. An endpoint that cannot be read logs
 * one warning (until it answers again) and the snapshot goes out without its metrics.
 */
public final class PrometheusScraper {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusScraper.class);

    private final List<Endpoint> endpoints = new ArrayList<>();
    private final PrometheusMapping mapping;
    private final HttpClient http;
    private final Duration timeout;
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();

    /** Failed endpoint reads since this scraper was made (the collector's {@code source="prometheus"} errors). */
    public long failures() {
        return failures.get();
    }

    /** Scrapes {@code urls} with the given request timeout (also the connect timeout). */
    public PrometheusScraper(List<String> urls, PrometheusMapping mapping, Duration timeout) {
        for (String u : urls) {
            URI uri;
            try {
                uri = URI.create(u.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a URL: '" + u + "'", e);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL: '" + u + "'");
            }
            endpoints.add(new Endpoint(uri));
        }
        this.mapping = mapping;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The metrics of all endpoints at {@code nowMillis}: gauges, and rates for endpoints scraped before. */
    public Map<String, Double> scrape(long nowMillis) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Endpoint ep : endpoints) {
            Map<String, Double> m = ep.scrape(nowMillis);
            for (Map.Entry<String, Double> e : m.entrySet()) {
                out.putIfAbsent(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** The snapshot with the endpoints' metrics added where it lacks them (its own values are kept). */
    public TelemetrySnapshot enrich(TelemetrySnapshot s) {
        Map<String, Double> m = new LinkedHashMap<>(s.metrics());
        for (Map.Entry<String, Double> e : scrape(s.timestamp()).entrySet()) {
            m.putIfAbsent(e.getKey(), e.getValue());
        }
        return new TelemetrySnapshot(s.timestamp(), s.host(), s.service(), m, s.labels());
    }

    /** One endpoint and its previous counter totals. */
    private final class Endpoint {
        private final URI uri;
        private Map<String, Double> prevCounters = Map.of();
        private long prevAt;
        private boolean down;

        Endpoint(URI uri) {
            this.uri = uri;
        }

        Map<String, Double> scrape(long nowMillis) {
            PrometheusMapping.Mapped mapped;
            try {
                HttpRequest req = HttpRequest.newBuilder(uri)
                        .timeout(timeout)
                        .header("Accept", "text/plain;version=0.0.4;q=1,*/*;q=0.1")
                        .GET()
                        .build();
                HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() != 200) {
                    throw new java.io.IOException("HTTP " + resp.statusCode());
                }
                mapped = mapping.map(PrometheusText.parse(resp.body()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Map.of();
            } catch (Exception e) {
                failures.incrementAndGet();
                if (!down) {
                    LOG.warn(
                            "Prometheus endpoint {} unreadable, snapshots go out without its metrics: {}",
                            uri,
                            e.toString());
                }
                down = true;
                prevCounters = Map.of(); // no rate across an outage of unknown length
                return Map.of();
            }
            if (down) {
                LOG.info("Prometheus endpoint {} answers again", uri);
                down = false;
            }
            Map<String, Double> out = new LinkedHashMap<>(mapped.gauges());
            if (prevAt > 0 && nowMillis > prevAt) {
                double seconds = (nowMillis - prevAt) / 1000.0;
                Map<String, Double> perDevice = new LinkedHashMap<>();
                for (Map.Entry<String, Double> e : mapped.counters().entrySet()) {
                    Double before = prevCounters.get(e.getKey());
                    if (before == null || e.getValue() < before) {
                        continue;
                    }
                    double rate = (e.getValue() - before) / seconds;
                    int at = e.getKey().indexOf(PrometheusMapping.PER_DEVICE);
                    if (at > 0) {
                        perDevice.merge(e.getKey().substring(0, at), rate, Math::max);
                    } else {
                        out.put(e.getKey(), rate);
                    }
                }
                out.putAll(perDevice);
            }
            prevCounters = mapped.counters();
            prevAt = nowMillis;
            return out;
        }
    }
}
