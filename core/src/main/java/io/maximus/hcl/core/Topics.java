package io.maximus.hcl.core;

/** The Kafka topics HCL reads and writes; part of its public contract. */
public final class Topics {
    /** Raw telemetry in, one JSON snapshot per record. */
    public static final String TELEMETRY_RAW = "system.telemetry.raw";
    /** Telemetry records that could not be used, with the reason. */
    public static final String TELEMETRY_DLQ = "system.telemetry.dlq";
    /** Analysis events (anomaly scores, forecasts, risks, degradations). */
    public static final String ANALYSIS = "hcl.analysis";
    /** Action events: each action's result as it happens, later ones (approved, reverted) included. */
    public static final String ACTIONS = "hcl.actions";
    /**
     * Humans' answers to actions waiting for approval, written by the decision API and read by the job: JSON
     * {@code {approval_id, scope_key, approved, by, comment, answered_at}}, keyed by the scope key.
     */
    public static final String APPROVALS = "hcl.approvals";
    /** Decisions, one JSON object per record. */
    public static final String DECISIONS = "hcl.decisions";

    private Topics() {}
}
