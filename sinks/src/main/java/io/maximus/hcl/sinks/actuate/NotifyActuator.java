package io.maximus.hcl.sinks.actuate;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.sinks.safety.WebhookNotifier;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@code notify} (failure alarms, degradations): posts the alert on the approvals webhook
 * ({@code HCL_APPROVAL_WEBHOOK_URL}, a secret) and writes it to the log as one structured JSON line; with no webhook
 * configured the log is the only channel and the action says so. A notification cannot be undone.
 */
public final class NotifyActuator implements Actuator {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyActuator.class);
    private static final int MAX_MESSAGE = 4000;

    /**
     * Typed options.
     *
     * @param webhookUrl the Slack-compatible webhook, or null to log only
     * @param dryRun this actuator's own dry-run switch
     * @param timeout one attempt's timeout
     * @param attempts attempts in all
     * @param backoff pause before the first retry (doubling)
     */
    public record Options(String webhookUrl, boolean dryRun, Duration timeout, int attempts, Duration backoff) {

        /** From {@code HCL_APPROVAL_WEBHOOK_URL(_FILE)} and {@code HCL_NOTIFY_DRY_RUN (default true)}; 5 s, 3 attempts. */
        public static Options fromEnv(Env env) {
            return new Options(
                    env.secret("HCL_APPROVAL_WEBHOOK_URL"),
                    env.bool("HCL_NOTIFY_DRY_RUN", true),
                    Duration.ofMillis(env.integer("HCL_NOTIFY_TIMEOUT_MS", 5_000)),
                    env.integer("HCL_NOTIFY_ATTEMPTS", 3),
                    Duration.ofMillis(500));
        }
    }

    private final Options options;
    private final WebhookNotifier webhook;

    /** An actuator delivering to the configured webhook (or the log only). */
    public NotifyActuator(Options options) {
        this.options = options;
        String url = options.webhookUrl();
        this.webhook = url == null || url.isBlank()
                ? null
                : new WebhookNotifier(URI.create(url), options.timeout(), options.attempts(), options.backoff());
    }

    @Override
    public String name() {
        return "notify";
    }

    @Override
    public Set<ActionType> types() {
        return Set.of(ActionType.NOTIFY);
    }

    @Override
    public boolean dryRun() {
        return options.dryRun();
    }

    @Override
    public boolean revertible(ActionType type) {
        return false;
    }

    @Override
    public List<String> validate(Action a) {
        List<String> problems = new ArrayList<>();
        if (!TargetMap.PLAIN_NAME.matcher(a.target()).matches()) {
            problems.add("notify target must be a plain service or host name, got '" + a.target() + "'");
        }
        return problems;
    }

    private String text(Action a) {
        String msg = Params.string(a, "message", a.type().wireName() + " on " + a.target());
        msg = msg.length() > MAX_MESSAGE ? msg.substring(0, MAX_MESSAGE) + "…" : msg;
        return "HCL alert on " + a.target() + ": " + msg;
    }

    @Override
    public String describe(Action a) {
        return (webhook == null ? "" : "POST approvals webhook {\"text\": ...}; ") + "log alert for " + a.target()
                + ": " + text(a);
    }

    @Override
    public Execution execute(Action a) {
        long start = System.currentTimeMillis();
        String call = describe(a);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "hcl_alert");
        line.put("target", a.target());
        line.put("params", a.params());
        LOG.warn("{}", Json.write(line));
        if (webhook == null) {
            return Execution.ok(
                    a, call, "delivered to the log only (no HCL_APPROVAL_WEBHOOK_URL configured)", Map.of(), start);
        }
        WebhookNotifier.Delivery d = webhook.notify(text(a));
        String detail = "webhook " + (d.delivered() ? "delivered" : "NOT delivered") + " (HTTP " + d.lastStatus() + ", "
                + d.attempts() + " attempt(s)); logged";
        return d.delivered()
                ? Execution.ok(a, call, detail, Map.of(), start)
                : Execution.failed(a, call, detail, start);
    }

    @Override
    public Verification verify(Execution e) {
        return Verification.ok(e.detail());
    }

    @Override
    public Execution revert(Execution e) {
        return Execution.failed(
                e.action(), "", "not revertible: a notification cannot be undone", System.currentTimeMillis());
    }
}
