-- The three time-series tables of the knowledge base. Shared by both backends: the migration replaces
-- /*PARTITION*/ with PARTITION BY RANGE ("timestamp") on plain PostgreSQL and with nothing on TimescaleDB
-- (where create_hypertable follows). Every primary key includes the time column, as both partitioning
-- schemes require.

-- Decisions: the seed's columns plus scope (service, host) and the rule that decided.
CREATE TABLE hcl_decisions (
    id               UUID             NOT NULL,
    "timestamp"      TIMESTAMPTZ      NOT NULL,
    service          TEXT             NOT NULL,
    host             TEXT,
    trigger          TEXT             NOT NULL,
    operational_mode TEXT             NOT NULL
        CHECK (operational_mode IN ('HIGH_PERFORMANCE', 'BALANCED', 'ENERGY_EFFICIENT')),
    actions_taken    JSONB            NOT NULL,
    state_before     JSONB            NOT NULL,
    state_after      JSONB,
    outcome          TEXT CHECK (outcome IN ('SUCCESS', 'PARTIAL', 'FAILED')),
    reward_signal    DOUBLE PRECISION,
    human_feedback   TEXT,
    rule             TEXT,
    PRIMARY KEY (id, "timestamp")
) /*PARTITION*/;

-- The seed's indexes, each extended by ("timestamp" DESC, id DESC) so that a filtered, newest-first,
-- keyset-paged list reads one index range and stops at the limit.
CREATE INDEX idx_decisions_timestamp ON hcl_decisions ("timestamp" DESC, id DESC);
CREATE INDEX idx_decisions_outcome ON hcl_decisions (outcome, "timestamp" DESC, id DESC);
CREATE INDEX idx_decisions_mode ON hcl_decisions (operational_mode, "timestamp" DESC, id DESC);
CREATE INDEX idx_decisions_service ON hcl_decisions (service, "timestamp" DESC, id DESC);
-- jsonb_path_ops: the smaller GIN flavour; it serves containment (actions_taken @> '[{"type":"restart"}]').
CREATE INDEX idx_decisions_actions_gin ON hcl_decisions USING GIN (actions_taken jsonb_path_ops);

-- The action log: one row per executed or dry-run action. The idempotency key (with the event time it
-- derives from) is unique, so a replayed action is recorded once.
CREATE TABLE hcl_actions (
    idempotency_key TEXT        NOT NULL,
    "timestamp"     TIMESTAMPTZ NOT NULL,
    decision_id     UUID,
    service         TEXT        NOT NULL,
    host            TEXT,
    action_type     TEXT        NOT NULL,
    target          TEXT        NOT NULL,
    params          JSONB       NOT NULL DEFAULT '{}'::jsonb,
    dry_run         BOOLEAN     NOT NULL,
    status          TEXT        NOT NULL
        CHECK (status IN ('DRY_RUN', 'EXECUTED', 'FAILED', 'AWAITING_APPROVAL', 'DENIED', 'REVERTED')),
    call            TEXT,
    detail          TEXT,
    started_at      TIMESTAMPTZ,
    finished_at     TIMESTAMPTZ,
    PRIMARY KEY (idempotency_key, "timestamp")
) /*PARTITION*/;

CREATE INDEX idx_actions_timestamp ON hcl_actions ("timestamp" DESC);
CREATE INDEX idx_actions_decision ON hcl_actions (decision_id);
CREATE INDEX idx_actions_type ON hcl_actions (action_type, "timestamp" DESC);

-- Telemetry history: one row per host snapshot, its metrics as one JSONB object (see docs/knowledge-base.md).
CREATE TABLE hcl_telemetry (
    "timestamp" TIMESTAMPTZ NOT NULL,
    host        TEXT        NOT NULL,
    service     TEXT        NOT NULL,
    metrics     JSONB       NOT NULL,
    labels      JSONB       NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (host, "timestamp")
) /*PARTITION*/;

CREATE INDEX idx_telemetry_service ON hcl_telemetry (service, "timestamp" DESC);
