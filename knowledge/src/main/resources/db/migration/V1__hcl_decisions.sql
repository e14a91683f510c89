-- The decisions table: the seed's columns plus the scope and the rule that decided.
-- The primary key includes the event time so the table can be partitioned (or made a hypertable) on it.
CREATE TABLE IF NOT EXISTS hcl_decisions (
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
);

CREATE INDEX IF NOT EXISTS idx_decisions_timestamp ON hcl_decisions ("timestamp" DESC);
CREATE INDEX IF NOT EXISTS idx_decisions_outcome ON hcl_decisions (outcome);
CREATE INDEX IF NOT EXISTS idx_decisions_mode ON hcl_decisions (operational_mode);
CREATE INDEX IF NOT EXISTS idx_decisions_service ON hcl_decisions (service, "timestamp" DESC);
CREATE INDEX IF NOT EXISTS idx_decisions_actions_gin ON hcl_decisions USING GIN (actions_taken);
