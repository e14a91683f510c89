package io.maximus.hcl.knowledge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.maximus.hcl.core.ApprovalSignature;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.KafkaSecurity;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.knowledge.KbMaintenance;
import io.maximus.hcl.knowledge.Schema;
import io.maximus.hcl.knowledge.store.Analytics;
import io.maximus.hcl.knowledge.store.AnalyticsQueries;
import io.maximus.hcl.knowledge.store.Approval;
import io.maximus.hcl.knowledge.store.ApprovalRepository;
import io.maximus.hcl.knowledge.store.ApprovalStatus;
import io.maximus.hcl.knowledge.store.Database;
import io.maximus.hcl.knowledge.store.DecisionFilter;
import io.maximus.hcl.knowledge.store.DecisionRecord;
import io.maximus.hcl.knowledge.store.DecisionRepository;
import io.maximus.hcl.knowledge.store.KnowledgeStore;
import io.maximus.hcl.knowledge.store.Page;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision API: JSON over HTTP (Javalin on Jetty) in front of the knowledge base's repositories
 * ({@link DecisionRepository}, {@link ApprovalRepository}, {@link AnalyticsQueries}), with the
 * OpenAPI 3 document at {@code /openapi.json}. Writes and every approval call need the bearer token;
 * decision reads need it unless the config opens them.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String JSON = "application/json";

    private final ApiConfig config;
    private final HikariDataSource pool;
    private final KnowledgeStore store;
    private final DecisionRepository decisions;
    private final ApprovalRepository approvals;
    private final AnalyticsQueries analytics;
    private final KbMaintenance maintenance;
    private final Clock clock;
    private final byte[] token;
    private final String openApi;
    private final AnswerPublisher publisher;
    private final ApprovalSignature signer;
    private Javalin app;
    private final ApiMetrics metrics = new ApiMetrics();
    private ScheduledExecutorService scheduler;

    private ApiServer(
            ApiConfig config,
            Clock clock,
            HikariDataSource pool,
            KnowledgeStore store,
            KbMaintenance maintenance,
            AnswerPublisher publisher) {
        this.config = config;
        this.clock = clock;
        this.pool = pool;
        this.store = store;
        this.decisions = store.decisions();
        this.approvals = store.approvals();
        this.analytics = store.analytics();
        this.maintenance = maintenance;
        this.token = config.token() == null ? null : config.token().getBytes(StandardCharsets.UTF_8);
        this.openApi = resource("openapi.json");
        this.publisher = publisher;
        // The approvals key (HCL_APPROVALS_HMAC_KEY or its _FILE) signs every published answer; the job verifies it.
        this.signer = ApprovalSignature.fromEnvironment(System.getenv(), null);
    }

    /** Migrates the knowledge base, starts the server and its maintenance schedule; returns once it listens. */
    public static ApiServer start(ApiConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** {@link #start(ApiConfig)} with another clock for "now" (approval expiry, analytics windows). */
    public static ApiServer start(ApiConfig config, Clock clock) {
        Schema.migrate(config.jdbcUrl(), config.user(), config.password());
        HikariDataSource pool = Database.pool(config.jdbcUrl(), config.user(), config.password(), config.poolSize());
        AnswerPublisher publisher = config.kafkaBootstrap() == null
                ? null
                : new KafkaAnswerPublisher(
                        config.kafkaBootstrap(),
                        config.approvalsTopic(),
                        Duration.ofSeconds(10),
                        KafkaSecurity.fromEnvironment(config.kafkaSecurity()));
        return listenOrClose(new ApiServer(
                config, clock, pool, KnowledgeStore.jdbc(pool, clock), new KbMaintenance(pool, clock), publisher));
    }

    /**
     * The API over the given repositories, answers handed to {@code publisher} (null: recorded only). No database of
     * its own: nothing is migrated, no maintenance runs ({@code POST /maintenance} answers 503) and the config's JDBC
     * settings and Kafka brokers are not used. For embedding callers and logic tests (with in-memory repositories).
     */
    public static ApiServer start(ApiConfig config, Clock clock, KnowledgeStore store, AnswerPublisher publisher) {
        return listenOrClose(new ApiServer(config, clock, null, store, null, publisher));
    }

    private static ApiServer listenOrClose(ApiServer s) {
        try {
            s.listen();
        } catch (RuntimeException e) {
            s.stop();
            throw e;
        }
        return s;
    }

    private void listen() {
        app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
        });
        app.before(this::authorize);
        app.after(metrics::served);
        app.get("/metrics", metrics::scrape);
        app.get("/openapi.json", ctx -> ctx.contentType(JSON).result(openApi));
        app.get("/health", ctx -> json(ctx, 200, Json.MAPPER.createObjectNode().put("status", "ok")));
        app.post("/decisions", this::createDecision);
        app.get("/decisions", this::listDecisions);
        app.get("/decisions/analytics/success_rate", this::successRate);
        app.get("/decisions/analytics/reward_trend", this::rewardTrend);
        app.get("/decisions/analytics/actions_by_type", this::actionsByType);
        app.get("/decisions/{id}", this::getDecision);
        app.patch("/decisions/{id}", this::patchDecision);
        app.get("/approvals", this::listApprovals);
        app.post("/approvals", this::requestApproval);
        app.get("/approvals/{id}", this::getApproval);
        app.post("/approvals/{id}/approve", ctx -> answer(ctx, true));
        app.post("/approvals/{id}/deny", ctx -> answer(ctx, false));
        app.post("/maintenance", this::runMaintenance);
        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(SQLException.class, (e, ctx) -> {
            LOG.error("database error on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "database error");
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty() || !JSON.equals(ctx.contentType())) {
                error(ctx, 404, "no such resource: " + ctx.path());
            }
        });
        app.error(405, ctx -> error(ctx, 405, "method not allowed"));
        app.start(config.host(), config.port());
        if (config.maintenanceEvery() != null && maintenance != null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "hcl-kb-maintenance");
                t.setDaemon(true);
                return t;
            });
            long every = config.maintenanceEvery().toMillis();
            scheduler.scheduleWithFixedDelay(this::maintainQuietly, 0, every, TimeUnit.MILLISECONDS);
        }
        LOG.info(
                "decision API listening on {}:{} (reads {}, token {}, approval answers to {})",
                config.host(),
                port(),
                config.openReads() ? "open" : "guarded",
                token == null ? "absent: guarded calls refused" : "set",
                publisher == null ? "nowhere: recorded only, no job hears of them" : publisher.describe());
        if (publisher != null && signer == null) {
            LOG.warn(
                    "no {} set: approval answers are published unsigned and a job verifying signatures rejects them",
                    ApprovalSignature.KEY_SECRET);
        }
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    /** The repositories behind the API (for embedding callers such as the demo and the benchmark). */
    public KnowledgeStore store() {
        return store;
    }

    /** Stops the server, its schedule and its connection pool. */
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (app != null) {
            app.stop();
        }
        if (publisher != null) {
            publisher.close();
        }
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void maintainQuietly() {
        try {
            maintenance.maintain();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("knowledge base maintenance failed", e);
        }
    }

    // ---------------------------------------------------------------- auth

    private void authorize(Context ctx) {
        String path = ctx.path();
        if (path.equals("/openapi.json")
                || path.equals("/health")
                || path.equals("/metrics")
                || ctx.method() == HandlerType.OPTIONS) {
            return;
        }
        boolean read = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
        boolean guarded = !read || path.startsWith("/approvals") || !config.openReads();
        if (!guarded) {
            return;
        }
        String h = ctx.header("Authorization");
        if (token == null) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "this server has no token configured (HCL_API_TOKEN): guarded calls refused");
        }
        if (h == null
                || !h.regionMatches(true, 0, "Bearer ", 0, 7)
                || !MessageDigest.isEqual(token, h.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "missing or wrong bearer token");
        }
    }

    // ---------------------------------------------------------------- decisions

    private void createDecision(Context ctx) throws SQLException {
        JsonNode body = Requests.body(ctx.body());
        boolean clientId = body.hasNonNull("id");
        DecisionRecord d = Requests.decision(body, clock.instant());
        if (clientId) {
            // Idempotent on the id: a decision already stored under it (at any time) is returned as is.
            Optional<DecisionRecord> existing = decisions.get(d.id());
            if (existing.isPresent()) {
                json(ctx, 200, existing.get().toJson());
                return;
            }
        }
        if (decisions.insert(d)) {
            ctx.header("Location", "/decisions/" + d.id());
            json(ctx, 201, d.toJson());
        } else {
            json(ctx, 200, decisions.get(d.id()).orElseThrow().toJson());
        }
    }

    private void getDecision(Context ctx) throws SQLException {
        UUID id = Requests.uuid(ctx.pathParam("id"), "decision id");
        DecisionRecord d = decisions.get(id).orElseThrow(() -> new ApiException(404, "no decision " + id));
        json(ctx, 200, d.toJson());
    }

    private void listDecisions(Context ctx) throws SQLException {
        String mode = ctx.queryParam("mode");
        String outcome = ctx.queryParam("outcome");
        String start = ctx.queryParam("start");
        String end = ctx.queryParam("end");
        String cursor = ctx.queryParam("cursor");
        DecisionFilter f = new DecisionFilter(
                mode == null ? null : Requests.mode(mode),
                outcome == null ? null : Requests.outcome(outcome),
                ctx.queryParam("service"),
                start == null ? null : Requests.time(start, "start"),
                end == null ? null : Requests.time(end, "end"),
                Requests.intParam(ctx.queryParam("limit"), "limit", 100, 1, DecisionFilter.MAX_LIMIT),
                cursor == null ? null : Requests.cursor(cursor));
        if (f.start() != null && f.end() != null && f.end().isBefore(f.start())) {
            throw ApiException.bad("end is before start");
        }
        Page<DecisionRecord> page = decisions.list(f);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode items = out.putArray("items");
        page.items().forEach(d -> items.add(d.toJson()));
        out.put("next_cursor", page.next() == null ? null : page.next().encode());
        json(ctx, 200, out);
    }

    private void patchDecision(Context ctx) throws SQLException {
        UUID id = Requests.uuid(ctx.pathParam("id"), "decision id");
        var patch = Requests.patch(Requests.body(ctx.body()));
        DecisionRecord d = decisions.patch(id, patch).orElseThrow(() -> new ApiException(404, "no decision " + id));
        json(ctx, 200, d.toJson());
    }

    // ---------------------------------------------------------------- analytics

    private void successRate(Context ctx) throws SQLException {
        String m = ctx.queryParam("mode");
        OperationalMode mode = m == null ? null : Requests.mode(m);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode modes = out.putArray("modes");
        for (Analytics.ModeSuccess s : analytics.successRate(mode)) {
            modes.addObject()
                    .put("operational_mode", s.mode())
                    .put("total", s.total())
                    .put("successes", s.successes())
                    .put("partials", s.partials())
                    .put("failures", s.failures())
                    .put("success_rate", s.successRate())
                    .put("success_rate_of_decided", s.successRateOfDecided());
        }
        json(ctx, 200, out);
    }

    private void rewardTrend(Context ctx) throws SQLException {
        int days = Requests.intParam(ctx.queryParam("days"), "days", 7, 1, 730);
        ObjectNode out = Json.MAPPER.createObjectNode().put("days", days);
        ArrayNode buckets = out.putArray("buckets");
        for (Analytics.RewardBucket b : analytics.rewardTrend(days)) {
            buckets.addObject()
                    .put("hour", b.hour().toString())
                    .put("decisions", b.decisions())
                    .put("rewards", b.rewards())
                    .put("avg_reward", b.avgReward())
                    .put("min_reward", b.minReward())
                    .put("max_reward", b.maxReward());
        }
        json(ctx, 200, out);
    }

    private void actionsByType(Context ctx) throws SQLException {
        String d = ctx.queryParam("days");
        Integer days = d == null ? null : Requests.intParam(d, "days", 0, 1, 730);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode types = out.putArray("types");
        for (Analytics.ActionTypeCount t : analytics.actionsByType(days)) {
            ObjectNode o = types.addObject()
                    .put("type", t.type())
                    .put("total", t.total())
                    .put("dry_runs", t.dryRuns());
            ObjectNode by = o.putObject("by_status");
            t.byStatus().forEach(by::put);
        }
        json(ctx, 200, out);
    }

    // ---------------------------------------------------------------- approvals

    private void listApprovals(Context ctx) throws SQLException {
        String s = ctx.queryParam("status");
        ApprovalStatus status = s == null || s.equalsIgnoreCase("all") ? null : Requests.approvalStatus(s);
        int limit = Requests.intParam(ctx.queryParam("limit"), "limit", 100, 1, DecisionFilter.MAX_LIMIT);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode items = out.putArray("items");
        approvals.approvals(status, limit).forEach(a -> items.add(a.toJson()));
        json(ctx, 200, out);
    }

    private void getApproval(Context ctx) throws SQLException {
        UUID id = Requests.uuid(ctx.pathParam("id"), "approval id");
        Approval a = approvals.approval(id).orElseThrow(() -> new ApiException(404, "no approval " + id));
        json(ctx, 200, a.toJson());
    }

    private void requestApproval(Context ctx) throws SQLException {
        JsonNode b = Requests.body(ctx.body());
        String key = Requests.optText(b, "idempotency_key");
        if (key == null || key.isBlank()) {
            throw ApiException.bad("idempotency_key is required");
        }
        JsonNode action = b.get("action");
        if (action == null || !action.isObject() || !action.hasNonNull("type")) {
            throw ApiException.bad("action must be an object with a type");
        }
        JsonNode scope = b.path("scope");
        String service = scope.isObject() ? Requests.optText(scope, "service") : null;
        if (service == null || service.isBlank()) {
            throw ApiException.bad("scope.service is required");
        }
        String host = scope.isObject() ? Requests.optText(scope, "host") : null;
        String decision = Requests.optText(b, "decision_id");
        int ttl = Requests.intParam(
                b.hasNonNull("ttl_seconds") ? b.get("ttl_seconds").asText() : null,
                "ttl_seconds",
                900,
                1,
                7 * 24 * 3600);
        Approval a = approvals.requestApproval(
                key,
                decision == null ? null : Requests.uuid(decision, "decision_id"),
                service,
                host,
                action,
                Duration.ofSeconds(ttl),
                Requests.optText(b, "requested_by"));
        json(ctx, 201, a.toJson());
    }

    private void answer(Context ctx, boolean approve) throws SQLException {
        UUID id = Requests.uuid(ctx.pathParam("id"), "approval id");
        JsonNode b = Requests.body(ctx.body());
        String reason = Requests.optText(b, "reason");
        if (reason == null || reason.isBlank()) {
            throw ApiException.bad("reason is required");
        }
        String who = Requests.optText(b, "by");
        String by = who == null ? "api" : who;
        ApprovalRepository.Answer result;
        try {
            // Publish, then commit: the row changes only once the job's topic has the answer (see knowledge-base.md).
            result = approvals.decide(id, approve, by, reason, a -> {
                if (publisher != null) {
                    publisher.publish(scopeKey(a), answerJson(a, approve, by, reason, clock.millis(), signer));
                }
            });
        } catch (ApprovalRepository.AnswerHookFailed e) {
            LOG.warn("approval {}: answer not delivered to {}: {}", id, publisher.describe(), e.getMessage());
            ctx.header("Retry-After", "10");
            throw new ApiException(
                    503,
                    "the answer could not be handed to the job (" + publisher.describe() + ": " + e.getMessage()
                            + "); nothing was recorded, the approval is still pending: try again");
        }
        switch (result) {
            case NOT_FOUND -> throw new ApiException(404, "no approval " + id);
            case NOT_PENDING -> {
                Approval a = approvals.approval(id).orElseThrow();
                throw new ApiException(
                        409,
                        "approval " + id + " is no longer pending: it is "
                                + a.status().name().toLowerCase(java.util.Locale.ROOT)
                                + (a.decidedBy() == null ? "" : " (by " + a.decidedBy() + ")"));
            }
            default -> json(ctx, 200, approvals.approval(id).orElseThrow().toJson());
        }
    }

    /** The scope key of an approval: {@code service} or {@code service/host}, as the job keys its gate. */
    static String scopeKey(Approval a) {
        return a.host() == null || a.host().isEmpty() ? a.service() : a.service() + "/" + a.host();
    }

    /**
     * The answer as the job reads it ({@code ApprovalAnswer} of the execute stage): approval_id is the guarded
     * action's idempotency key.
     */
    static String answerJson(Approval a, boolean approve, String by, String reason, long at) {
        return answerJson(a, approve, by, reason, at, null);
    }

    /** {@link #answerJson(Approval, boolean, String, String, long)} signed with {@code signer} (null: unsigned). */
    static String answerJson(Approval a, boolean approve, String by, String reason, long at, ApprovalSignature signer) {
        ObjectNode n = Json.MAPPER
                .createObjectNode()
                .put("approval_id", a.idempotencyKey())
                .put("scope_key", scopeKey(a))
                .put("approved", approve)
                .put("by", by)
                .put("comment", reason)
                .put("answered_at", at);
        if (signer != null) {
            n.put(ApprovalSignature.FIELD, signer.sign(a.idempotencyKey(), scopeKey(a), approve, by, at));
        }
        return Json.write(n);
    }

    private void runMaintenance(Context ctx) throws SQLException {
        if (maintenance == null) {
            throw new ApiException(503, "this server has no database of its own to maintain");
        }
        KbMaintenance.Report r = maintenance.maintain();
        ObjectNode out = Json.MAPPER
                .createObjectNode()
                .put("partitions_created", r.partitionsCreated())
                .put("detail_rows_deleted", r.detailRowsDeleted())
                .put("aggregate_hours_deleted", r.aggregateHoursDeleted())
                .put("approvals_expired", r.approvalsExpired())
                .put("materialized_until", r.materializedUntil().toString());
        ArrayNode dropped = out.putArray("partitions_dropped");
        r.partitionsDropped().forEach(dropped::add);
        json(ctx, 200, out);
    }

    // ---------------------------------------------------------------- helpers

    private static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType(JSON).result(Json.write(body));
    }

    private static void error(Context ctx, int status, String message) {
        json(ctx, status, Json.MAPPER.createObjectNode().put("status", status).put("message", message));
    }

    private static String resource(String name) {
        try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
