package io.maximus.hcl.knowledge.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.knowledge.tables.ApprovalsTable;
import io.maximus.hcl.knowledge.tables.DecisionsTable;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Conversions between the store's records and the tables' rows and result sets. */
final class Rows {

    private Rows() {}

    /**
     * The JSON columns as stored: PostgreSQL's jsonb takes numbers of up to 131,072 digits and deeper nesting than
     * Jackson's defaults (1,000 each), so stored rows are read without those limits; a row the job or psql wrote must
     * never make a read fail.
     */
    private static final ObjectMapper STORED = unconstrained(Json.MAPPER.copy());

    /**
     * The deepest stored JSON read as a tree; deeper values (jsonb nests as deep as PostgreSQL's stack allows) are kept
     * as their raw text, written out verbatim, so neither reading nor writing them recurses without bound (Jackson's
     * writers refuse more than 1,000 levels, and a record holding the tree adds a few).
     */
    static final int TREE_DEPTH = 900;

    /** {@link #STORED}, numbers as BigDecimal: for the rare stored number beyond a double's range (e.g. 1e400). */
    private static final ObjectMapper STORED_EXACT =
            STORED.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static ObjectMapper unconstrained(ObjectMapper m) {
        m.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNumberLength(Integer.MAX_VALUE)
                        .maxNestingDepth(TREE_DEPTH)
                        .maxStringLength(Integer.MAX_VALUE)
                        .build());
        return m;
    }

    static OffsetDateTime utc(Instant t) {
        return Times.toDatabase(t);
    }

    static Instant instant(ResultSet rs, int i) throws SQLException {
        return Times.fromDatabase(rs.getObject(i, OffsetDateTime.class));
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
            JsonNode n = STORED.readTree(s);
            // A number beyond a double's range reads as Infinity, which JSON cannot carry: read such a value exactly.
            return hasNonFinite(n) ? STORED_EXACT.readTree(s) : n;
        } catch (StreamConstraintsException tooDeep) {
            return Json.MAPPER.getNodeFactory().rawValueNode(new RawValue(s));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasNonFinite(JsonNode root) {
        java.util.ArrayDeque<JsonNode> todo = new java.util.ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            JsonNode n = todo.pop();
            if (n.isFloatingPointNumber() && !Double.isFinite(n.doubleValue())) {
                return true;
            }
            if (n.isContainerNode()) {
                n.forEach(todo::push);
            }
        }
        return false;
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
                instant(rs, 2),
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
        return new Approval(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getObject(3, UUID.class),
                rs.getString(4),
                rs.getString(5),
                tree(rs.getString(6)),
                instant(rs, 7),
                instant(rs, 8),
                rs.getString(9),
                ApprovalStatus.valueOf(rs.getString(10)),
                rs.getString(11),
                instant(rs, 12),
                rs.getString(13));
    }
}
