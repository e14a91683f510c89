package io.maximus.hcl.knowledge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.maximus.hcl.core.ApprovalSignature;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.KafkaSecurity;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.knowledge.KbMaintenance;
import io.maximus.hcl.knowledge.Schema;
import io.maximus.hcl.knowledge.api.Route.Access;
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
import io.maximus.hcl.knowledge.store.Times;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
 * OpenAPI 3 document, generated from its {@link #routes() route table}, at {@code /openapi.json}. Writes and every approval call need the bearer token;
 * decision reads need it unless the config opens them.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String JSON = "application/json";

    /** The largest request body taken (Javalin refuses a larger one with 413). */
    static final long MAX_REQUEST_BYTES = 1_000_000;

    private final ApiConfig config;
    private final HikariDataSource pool;
    private final KnowledgeStore store;
    private final DecisionRepository decisions;
    private final ApprovalRepository approvals;
    private final AnalyticsQueries analytics;
    private final KbMaintenance maintenance;
    private final Clock clock;
    private final byte[] token;
    private final List<Route> routes;
    private final String openApi;
    private final List<String> registered = new java.util.concurrent.CopyOnWriteArrayList<>();
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
        this.routes = routes();
        this.openApi = OpenApi.json(routes);
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

    /**
     * The API's routes: the one table from which {@link #listen} registers the handlers and their access rule and
     * {@link OpenApi} writes the document served at {@code /openapi.json}.
     */
    List<Route> routes() {
        return List.of(
                Route.get("/metrics", "The API's metrics (Prometheus text format)", Access.PUBLIC, metrics::scrape)
                        .answers(200, "metrics", null, "text/plain; version=0.0.4"),
                Route.get(
                                "/openapi.json",
                                "This document",
                                Access.PUBLIC,
                                ctx -> ctx.contentType(JSON).result(openApi))
                        .answers(200, "OpenAPI 3", null),
                Route.get(
                                "/health",
                                "Liveness",
                                Access.PUBLIC,
                                ctx -> json(
                                        ctx, 200, Json.MAPPER.createObjectNode().put("status", "ok")))
                        .answers(200, "ok", "Health"),
                Route.post("/decisions", "Record a decision", Access.GUARDED, this::createDecision)
                        .body("Decision")
                        .answers(201, "stored", "Decision")
                        .answers(200, "already stored under this id; returned unchanged", "Decision"),
                Route.get("/decisions", "List decisions, newest first, keyset-paged", Access.READ, this::listDecisions)
                        .params(
                                Params.MODE,
                                Params.OUTCOME,
                                Params.SERVICE,
                                Params.START,
                                Params.END,
                                Params.LIMIT,
                                Params.CURSOR)
                        .answers(200, "one page", "DecisionPage"),
                Route.get(
                                "/decisions/analytics/success_rate",
                                "Success counts and rates per operational mode (hourly aggregate)",
                                Access.READ,
                                this::successRate)
                        .params(Params.MODE)
                        .answers(200, "per mode", "SuccessRate"),
                Route.get(
                                "/decisions/analytics/reward_trend",
                                "Hourly reward buckets of the last days, newest first",
                                Access.READ,
                                this::rewardTrend)
                        .params(Params.TREND_DAYS)
                        .answers(200, "buckets", "RewardTrend"),
                Route.get(
                                "/decisions/analytics/actions_by_type",
                                "Actions per type with counts per status",
                                Access.READ,
                                this::actionsByType)
                        .params(Params.ACTIONS_DAYS)
                        .answers(200, "per type", "ActionsByType"),
                Route.get("/decisions/{id}", "One decision", Access.READ, this::getDecision)
                        .params(Params.DECISION_ID)
                        .answers(200, "the decision", "Decision")
                        .answers(404, "no decision with this id", "Error"),
                Route.patch(
                                "/decisions/{id}",
                                "Fill in outcome, state_after, reward_signal or human_feedback",
                                Access.GUARDED,
                                this::patchDecision)
                        .params(Params.DECISION_ID)
                        .body("DecisionPatch")
                        .answers(200, "the updated decision", "Decision")
                        .answers(404, "no decision with this id", "Error"),
                Route.get(
                                "/approvals",
                                "Approval requests by status, newest first",
                                Access.GUARDED,
                                this::listApprovals)
                        .params(Params.APPROVAL_STATUS, Params.LIMIT)
                        .answers(200, "requests", "ApprovalList"),
                Route.post(
                                "/approvals",
                                "Ask for approval of an action (idempotent on idempotency_key)",
                                Access.GUARDED,
                                this::requestApproval)
                        .body("ApprovalRequest")
                        .answers(201, "the request (the existing one when asked again)", "Approval"),
                Route.get("/approvals/{id}", "One approval request", Access.GUARDED, this::getApproval)
                        .params(Params.APPROVAL_ID)
                        .answers(200, "the request", "Approval")
                        .answers(404, "no approval request with this id", "Error"),
                answerRoute("approve", true),
                answerRoute("deny", false),
                Route.post(
                                "/maintenance",
                                "Run the knowledge-base maintenance now (partitions, aggregates, retention, approval"
                                        + " expiry)",
                                Access.GUARDED,
                                this::runMaintenance)
                        .answers(200, "what it did", "MaintenanceReport")
                        .answers(503, "this server has no database of its own to maintain", "Error"));
    }

    private Route answerRoute(String verb, boolean approve) {
        String what = approve ? "Approve" : "Deny";
        return Route.post(
                        "/approvals/{id}/" + verb,
                        what + " a pending request (published to hcl.approvals for the job, then committed)",
                        Access.GUARDED,
                        ctx -> answer(ctx, approve))
                .params(Params.APPROVAL_ID)
                .body("Answer")
                .answers(200, "answered", "Approval")
                .answers(404, "no approval request with this id", "Error")
                .answers(409, "already answered or expired", "Error")
                .answers(
                        503,
                        "the answer could not be published to the job's topic (hcl.approvals); nothing recorded,"
                                + " still pending: retry",
                        "Error");
    }

    /** The routes Javalin registered (method and path), as its handlerAdded events reported them. */
    List<String> registeredRoutes() {
        return List.copyOf(registered);
    }

    private void listen() {
        app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            cfg.jetty.modifyServletContextHandler(h -> h.setErrorHandler(new JsonErrorHandler()));
            cfg.events(e -> e.handlerAdded(h -> {
                if (h.getHttpMethod().isHttpMethod()) {
                    registered.add(h.getHttpMethod() + " " + h.getPath());
                }
            }));
        });
        app.after(metrics::served);
        for (Route r : routes) {
            app.addHttpHandler(r.method, r.path, ctx -> {
                authorize(ctx, r.access);
                r.handler.handle(ctx);
            });
        }
        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(
                HttpResponseException.class,
                (e, ctx) -> error(ctx, e.getStatus(), e.getStatus() == 413 ? tooLarge() : e.getMessage()));
        app.exception(SQLException.class, (e, ctx) -> {
            LOG.error("database error on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "database error");
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error");
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

    private void authorize(Context ctx, Access access) {
        if (access == Access.PUBLIC || (access == Access.READ && config.openReads())) {
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
        JsonNode body = Requests.body(body(ctx));
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
        UUID id = Params.DECISION_ID.get(ctx);
        DecisionRecord d = decisions.get(id).orElseThrow(() -> new ApiException(404, "no decision " + id));
        json(ctx, 200, d.toJson());
    }

    private void listDecisions(Context ctx) throws SQLException {
        DecisionFilter f = new DecisionFilter(
                Params.MODE.get(ctx),
                Params.OUTCOME.get(ctx),
                Params.SERVICE.get(ctx),
                Params.START.get(ctx),
                Params.END.get(ctx),
                Params.LIMIT.get(ctx, 100),
                Params.CURSOR.get(ctx));
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
        UUID id = Params.DECISION_ID.get(ctx);
        var patch = Requests.patch(Requests.body(body(ctx)));
        DecisionRecord d = decisions.patch(id, patch).orElseThrow(() -> new ApiException(404, "no decision " + id));
        json(ctx, 200, d.toJson());
    }

    // ---------------------------------------------------------------- analytics

    private void successRate(Context ctx) throws SQLException {
        OperationalMode mode = Params.MODE.get(ctx);
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
        int days = Params.TREND_DAYS.get(ctx, 7);
        ObjectNode out = Json.MAPPER.createObjectNode().put("days", days);
        ArrayNode buckets = out.putArray("buckets");
        for (Analytics.RewardBucket b : analytics.rewardTrend(days)) {
            buckets.addObject()
                    .put("hour", Times.iso(b.hour()))
                    .put("decisions", b.decisions())
                    .put("rewards", b.rewards())
                    .put("avg_reward", finiteOrNull(b.avgReward()))
                    .put("min_reward", finiteOrNull(b.minReward()))
                    .put("max_reward", finiteOrNull(b.maxReward()));
        }
        json(ctx, 200, out);
    }

    private void actionsByType(Context ctx) throws SQLException {
        Integer days = Params.ACTIONS_DAYS.get(ctx);
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
        ApprovalStatus status = Params.APPROVAL_STATUS.get(ctx);
        int limit = Params.LIMIT.get(ctx, 100);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode items = out.putArray("items");
        approvals.approvals(status, limit).forEach(a -> items.add(a.toJson()));
        json(ctx, 200, out);
    }

    private void getApproval(Context ctx) throws SQLException {
        UUID id = Params.APPROVAL_ID.get(ctx);
        Approval a = approvals.approval(id).orElseThrow(() -> new ApiException(404, "no approval " + id));
        json(ctx, 200, a.toJson());
    }

    private void requestApproval(Context ctx) throws SQLException {
        JsonNode b = Requests.body(body(ctx));
        String key = Requests.optText(b, "idempotency_key");
        if (b.has("action") && b.get("action").isObject()) {
            Requests.optText(b.get("action"), "type", "action.type", Requests.NAME_MAX);
        }
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
                Requests.TTL_MAX_SECONDS);
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
        UUID id = Params.APPROVAL_ID.get(ctx);
        JsonNode b = Requests.body(body(ctx));
        String reason = Requests.optText(b, "reason", Requests.TEXT_MAX);
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
                .put("materialized_until", Times.iso(r.materializedUntil()));
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

    /**
     * The request body, at most {@link #MAX_REQUEST_BYTES}: Javalin refuses a larger declared Content-Length with 413,
     * and a chunked body (no length) is read only up to the limit, then refused the same way.
     */
    private static String body(Context ctx) {
        if (ctx.req().getContentLengthLong() >= 0) {
            return ctx.body();
        }
        byte[] b;
        try {
            b = ctx.req().getInputStream().readNBytes((int) MAX_REQUEST_BYTES + 1);
        } catch (IOException e) {
            throw ApiException.bad("the request body could not be read: " + e.getMessage());
        }
        if (b.length > MAX_REQUEST_BYTES) {
            throw new ApiException(413, tooLarge());
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String tooLarge() {
        return "request body over " + MAX_REQUEST_BYTES + " bytes; nothing was written";
    }

    /** A stored float8 as JSON: NaN and the infinities have no JSON number, so they are written as null. */
    private static Double finiteOrNull(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }
}
