package io.maximus.hcl.knowledge.api;

import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.knowledge.store.ApprovalStatus;
import io.maximus.hcl.knowledge.store.Cursor;
import io.maximus.hcl.knowledge.store.DecisionFilter;
import io.maximus.hcl.knowledge.store.Outcome;
import java.time.Instant;
import java.util.UUID;

/** The parameters of the API's routes: each handler reads its values only through these. */
final class Params {

    private Params() {}

    static final Param<UUID> DECISION_ID =
            Param.path("id", "the decision's id", Schemas.uuid(), "not-a-uuid", s -> Requests.uuid(s, "decision id"));

    static final Param<UUID> APPROVAL_ID = Param.path(
            "id", "the approval request's id", Schemas.uuid(), "not-a-uuid", s -> Requests.uuid(s, "approval id"));

    static final Param<OperationalMode> MODE = Param.query("mode", null, Schemas.ref("Mode"), "TURBO", Requests::mode);

    static final Param<Outcome> OUTCOME =
            Param.query("outcome", null, Schemas.enumOf("SUCCESS", "PARTIAL", "FAILED"), "GOOD", Requests::outcome);

    static final Param<String> SERVICE = Param.query(
            "service",
            "exact service name",
            Schemas.string(Requests.NAME_MAX),
            "x".repeat(Requests.NAME_MAX + 1),
            s -> s);

    static final Param<Instant> START =
            Param.query("start", "inclusive", Schemas.time(), "yesterday", s -> Requests.time(s, "start"));

    static final Param<Instant> END = Param.query(
            "end",
            "inclusive; not before start",
            Schemas.time(),
            "+300000-01-01T00:00:00Z",
            s -> Requests.time(s, "end"));

    static final Param<Integer> LIMIT = intParam("limit", 1, DecisionFilter.MAX_LIMIT, 100, null);

    static final Param<Cursor> CURSOR = Param.query(
            "cursor",
            "next_cursor of the previous page",
            Schemas.node().put("type", "string"),
            "bm90LWEtY3Vyc29y",
            Requests::cursor);

    static final Param<Integer> TREND_DAYS = intParam("days", 1, 730, 7, null);

    static final Param<Integer> ACTIONS_DAYS =
            intParam("days", 1, 730, null, "last days only; all kept history when absent");

    /** {@code all} (or absent) reads as null: every status. */
    static final Param<ApprovalStatus> APPROVAL_STATUS = Param.query(
            "status",
            "absent or 'all': every status",
            Schemas.enumOf("pending", "approved", "denied", "expired", "all"),
            "maybe",
            s -> s.equalsIgnoreCase("all") ? null : Requests.approvalStatus(s));

    private static Param<Integer> intParam(String name, int min, int max, Integer dflt, String description) {
        return Param.query(
                name,
                description,
                Schemas.integer(min, max, dflt),
                Integer.toString(max + 1),
                s -> Requests.intParam(s, name, 0, min, max));
    }
}
