package io.maximus.hcl.sinks.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.Json;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** notify delivered on a real local webhook (com.sun.net.httpserver), or to the log when none is configured. */
class NotifyActuatorTest {

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(status.get(), -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private static Action alert() {
        return new Action(
                ActionType.NOTIFY,
                "checkout",
                Map.of("severity", 0.4, "message", "latency_p99 of service checkout rose 40%"));
    }

    private static ActuatorRegistry live(String url) {
        return new ActuatorRegistry(
                List.of(new NotifyActuator(
                        new NotifyActuator.Options(url, false, Duration.ofSeconds(2), 2, Duration.ofMillis(10)))),
                false);
    }

    @Test
    void deliversOnTheWebhookWhenDryRunIsOff() throws Exception {
        ActionResult r = live(url()).run(alert()).result();
        assertThat(r.status()).isEqualTo(ActionStatus.EXECUTED);
        assertThat(r.detail()).contains("webhook delivered (HTTP 200, 1 attempt(s))");
        assertThat(bodies).hasSize(1);
        assertThat(Json.MAPPER.readTree(bodies.get(0)).get("text").asText())
                .isEqualTo("HCL alert on checkout: latency_p99 of service checkout rose 40%");
    }

    @Test
    void aWebhookThatRefusesFailsTheActionAfterRetries() {
        status.set(503);
        ActionResult r = live(url()).run(alert()).result();
        assertThat(r.status()).isEqualTo(ActionStatus.FAILED);
        assertThat(r.detail()).contains("NOT delivered (HTTP 503, 2 attempt(s))");
        assertThat(bodies).hasSize(2);
    }

    @Test
    void withoutAWebhookTheLogIsTheChannel() {
        ActionResult r = live(null).run(alert()).result();
        assertThat(r.status()).isEqualTo(ActionStatus.EXECUTED);
        assertThat(r.detail()).contains("delivered to the log only");
        assertThat(bodies).isEmpty();
    }

    @Test
    void dryRunDescribesAndSendsNothing() {
        ActionResult r = new ActuatorRegistry(
                        List.of(new NotifyActuator(
                                NotifyActuator.Options.fromEnv(new Env(Map.of("HCL_APPROVAL_WEBHOOK_URL", url()))))),
                        false)
                .run(alert())
                .result();
        assertThat(r.status()).isEqualTo(ActionStatus.DRY_RUN);
        assertThat(r.call()).startsWith("POST approvals webhook").doesNotContain(url());
        assertThat(bodies).isEmpty();
    }

    @Test
    void aHostileTargetIsRefused() {
        ActionResult r = live(url())
                .run(new Action(ActionType.NOTIFY, "$(touch x)", Map.of()))
                .result();
        assertThat(r.status()).isEqualTo(ActionStatus.FAILED);
        assertThat(r.detail()).contains("plain service or host name");
        assertThat(bodies).isEmpty();
    }
}
