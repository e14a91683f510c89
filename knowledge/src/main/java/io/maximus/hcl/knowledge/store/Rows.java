package io.maximus.hcl.knowledge.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.knowledge.tables.ApprovalsTable;
import io.maximus.hcl.knowledge.tables.DecisionsTable;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Conversions between the store's records and the tables' rows and result sets. */
final class Rows {

    private Rows() {}

    static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    static String json(JsonNode n) {
        try {
            return Json.MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Double nullableDouble(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    /** A decision as {@link DecisionsTable#bind} writes it. */
    static DecisionsTable.Row row(DecisionRecord d) {
        return new DecisionsTable.Row(
                d.id().toString(),
                d.timestamp(),
                d.service(),
                d.host(),
                d.trigger(),
                d.mode().name(),
                json(d.actionsTaken()),
                json(d.stateBefore()),
                d.stateAfter() == null ? null : json(d.stateAfter()),
                d.outcome() == null ? null : d.outcome().name(),
                d.rewardSignal(),
                d.humanFeedback(),
                d.rule());
    }

    /** A decision from a row of {@link DecisionsTable#COLUMNS}. */
    static DecisionRecord decision(ResultSet rs) throws SQLException {
        String outcome = rs.getString(10);
        Double rewardSignal = nullableDouble(rs, 11);
        String after = rs.getString(9);
        return new DecisionRecord(
                rs.getObject(1, UUID.class),
                rs.getObject(2, OffsetDateTime.class).toInstant(),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                OperationalMode.valueOf(rs.getString(6)),
                tree(rs.getString(7)),
                tree(rs.getString(8)),
                after == null ? null : tree(after),
                outcome == null ? null : Outcome.valueOf(outcome),
                rewardSignal,
                rs.getString(12),
                rs.getString(13));
    }

    /** An approval from a row of {@link ApprovalsTable#COLUMNS}. */
    static Approval approval(ResultSet rs) throws SQLException {
        OffsetDateTime decidedAt = rs.getObject(12, OffsetDateTime.class);
        return new Approval(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getObject(3, UUID.class),
                rs.getString(4),
                rs.getString(5),
                tree(rs.getString(6)),
                rs.getObject(7, OffsetDateTime.class).toInstant(),
                rs.getObject(8, OffsetDateTime.class).toInstant(),
                rs.getString(9),
                ApprovalStatus.valueOf(rs.getString(10)),
                rs.getString(11),
                decidedAt == null ? null : decidedAt.toInstant(),
                rs.getString(13));
    }
}
