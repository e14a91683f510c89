package io.maximus.hcl.tools.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.core.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** One-number instant queries against the lab's Prometheus server (the drills measure effects with it). */
final class Prom {

    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Prom(String base) {
        this.base = base;
    }

    /** The first sample's value, or NaN when there is none or the server does not answer. */
    double value(String promql) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                            .timeout(Duration.ofSeconds(3))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode result = Json.MAPPER.readTree(r.body()).at("/data/result");
            if (!result.isArray() || result.isEmpty()) {
                return Double.NaN;
            }
            return Double.parseDouble(result.get(0).at("/value/1").asText());
        } catch (Exception e) {
            return Double.NaN;
        }
    }
}
