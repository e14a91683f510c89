package io.maximus.hcl.knowledge.tables;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Owner of {@code hcl_decisions}' writes: the decision's insert (the job's decision sink, the API's POST /decisions and
 * the benchmark) and the outcome's upsert (the job's outcome sink). Key: {@code (id, "timestamp")}.
 *
 * <p>Conflict semantics, one for the table: <b>insert, or complete an outcome stub, else keep the row</b>. A decision's
 * id is derived from its inputs, so the same key means the same decision: an at-least-once replay after a Flink restart
 * (or a client retrying a POST) writes nothing twice and never overwrites what was filled in later (outcome,
 * state_after, reward, human feedback). The one exception is the stub the outcome upsert leaves when a verdict reaches
 * the database before its decision (the two sinks batch independently): the decision then completes the stub's content
 * and keeps its outcome. The outcome upsert itself is order-independent (PARTIAL when actions disagree, the lowest
 * reward), so replays in any order end the same.
 */
public final class DecisionsTable {

    /** The trigger of a row that holds an outcome whose decision has not been written yet. */
    public static final String STUB_TRIGGER = "(outcome recorded before its decision)";

    /** The columns, in the order of {@link Row} and of every read of a whole decision. */
    public static final String COLUMNS = "id, \"timestamp\", service, host, trigger, operational_mode, actions_taken,"
            + " state_before, state_after, outcome, reward_signal, human_feedback, rule";

    private static final String ON_CONFLICT = " ON CONFLICT (id, \"timestamp\") DO UPDATE SET host = EXCLUDED.host,"
            + " trigger = EXCLUDED.trigger, operational_mode = EXCLUDED.operational_mode,"
            + " actions_taken = EXCLUDED.actions_taken, state_before = EXCLUDED.state_before, rule = EXCLUDED.rule"
            + " WHERE d.trigger = '" + STUB_TRIGGER + "'";

    /** Inserts one decision ({@link #bind}); an existing row is kept unless it is an outcome stub, then completed. */
    public static final String INSERT = "INSERT INTO hcl_decisions AS d (" + COLUMNS + ")"
            + " VALUES (CAST(? AS uuid), ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?, ?)"
            + ON_CONFLICT;

    /**
     * {@link #INSERT} for many rows in one statement: 13 arrays in {@link #COLUMNS}' order, {@code unnest}ed (one round
     * trip, an exact count of rows written). The rows must have distinct keys (a statement cannot update a row twice).
     */
    public static final String INSERT_ROWS = "INSERT INTO hcl_decisions AS d (" + COLUMNS + ")"
            + " SELECT * FROM unnest(?::uuid[], ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::jsonb[], ?::jsonb[], ?::jsonb[], ?::text[], ?::float8[], ?::text[], ?::text[])"
            + ON_CONFLICT;

    /**
     * Fills a decision's outcome, state_after and reward ({@link #bindOutcome}); inserts a {@link #STUB_TRIGGER} stub when
     * the decision is not there yet. The same verdict again changes nothing; another verdict for the same decision makes
     * it PARTIAL; the reward is the lowest; state_after is the latest.
     */
    public static final String UPSERT_OUTCOME = "INSERT INTO hcl_decisions AS d (id, \"timestamp\", service, host,"
            + " trigger, operational_mode, actions_taken, state_before, state_after, outcome, reward_signal, rule)"
            + " VALUES (CAST(? AS uuid), ?, ?, ?, '" + STUB_TRIGGER + "', 'BALANCED', '[]'::jsonb, '{}'::jsonb,"
            + " CAST(? AS jsonb), ?, ?, NULL)"
            + " ON CONFLICT (id, \"timestamp\") DO UPDATE SET"
            + " outcome = CASE WHEN d.outcome IS NULL OR d.outcome = EXCLUDED.outcome THEN EXCLUDED.outcome"
            + " ELSE 'PARTIAL' END,"
            + " state_after = EXCLUDED.state_after,"
            + " reward_signal = CASE WHEN d.reward_signal IS NULL THEN EXCLUDED.reward_signal"
            + " ELSE LEAST(d.reward_signal, EXCLUDED.reward_signal) END";

    private DecisionsTable() {}

    /** One decision as written: JSON columns as JSON text, the mode and outcome as their names. */
    public record Row(
            String id,
            Instant timestamp,
            String service,
            String host,
            String trigger,
            String mode,
            String actionsJson,
            String stateBeforeJson,
            String stateAfterJson,
            String outcome,
            Double rewardSignal,
            String humanFeedback,
            String rule) {}

    /** Binds a row to {@link #INSERT}. */
    public static void bind(PreparedStatement ps, Row r) throws SQLException {
        ps.setString(1, r.id());
        ps.setObject(2, Bind.utc(r.timestamp()));
        ps.setString(3, r.service());
        ps.setString(4, r.host());
        ps.setString(5, r.trigger());
        ps.setString(6, r.mode());
        ps.setString(7, r.actionsJson());
        ps.setString(8, r.stateBeforeJson());
        ps.setString(9, r.stateAfterJson());
        ps.setString(10, r.outcome());
        Bind.real(ps, 11, r.rewardSignal());
        ps.setString(12, r.humanFeedback());
        ps.setString(13, r.rule());
    }

    /** Binds a verdict to {@link #UPSERT_OUTCOME}. */
    public static void bindOutcome(
            PreparedStatement ps,
            String decisionId,
            Instant decisionTime,
            String service,
            String host,
            String stateAfterJson,
            String outcome,
            double reward)
            throws SQLException {
        ps.setString(1, decisionId);
        ps.setObject(2, Bind.utc(decisionTime));
        ps.setString(3, service);
        ps.setString(4, host);
        ps.setString(5, stateAfterJson);
        ps.setString(6, outcome);
        ps.setDouble(7, reward);
    }
}
