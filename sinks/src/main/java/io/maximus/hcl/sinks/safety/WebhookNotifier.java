package io.maximus.hcl.sinks.safety;

import io.maximus.hcl.core.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts Slack-compatible webhook messages ({@code {"text": ...}} as JSON) with a timeout per attempt and retries with
 * doubling back-off on I/O errors, 429 and 5xx. The webhook URL is a secret: configure it from the environment.
 */
public final class WebhookNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

    /**
     * The outcome of one notification.
     *
     * @param delivered whether a 2xx came back
     * @param attempts how many POSTs were made
     * @param lastStatus the last HTTP status, or -1 after an I/O error
     */
    public record Delivery(boolean delivered, int attempts, int lastStatus) {}

    private final URI url;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration backoff;
    private final HttpClient http;

    /** A notifier for the webhook URL, with a timeout per attempt, at most {@code maxAttempts}, first back-off. */
    public WebhookNotifier(URI url, Duration timeout, int maxAttempts, Duration backoff) {
        this.url = url;
        this.timeout = timeout;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.backoff = backoff;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Posts the text; never throws (a failed notification must not fail the action it reports). */
    public Delivery notify(String text) {
        String body = Json.write(Map.of("text", text));
        int status = -1;
        long wait = backoff.toMillis();
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                HttpRequest req = HttpRequest.newBuilder(url)
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
                status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return new Delivery(true, attempt, status);
                }
                if (status != 429 && status / 100 != 5) {
                    LOG.warn("webhook refused the message with {}; not retrying", status);
                    return new Delivery(false, attempt, status);
                }
            } catch (IOException e) {
                status = -1;
                LOG.warn("webhook attempt {} failed: {}", attempt, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Delivery(false, attempt, status);
            }
            if (attempt < maxAttempts) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Delivery(false, attempt, status);
                }
                wait *= 2;
            }
        }
        return new Delivery(false, maxAttempts, status);
    }
}
