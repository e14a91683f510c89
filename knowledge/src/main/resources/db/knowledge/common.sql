-- Objects that are the same on plain PostgreSQL and on TimescaleDB. Runs before the table script.

-- Which backend the migration chose ('native' or 'timescale'); the maintenance call reads it.
CREATE TABLE hcl_kb_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- How far each maintained aggregate is materialized; hours before it are read from the aggregate table,
-- later ones aggregated live from the detail rows.
CREATE TABLE hcl_kb_watermarks (
    name               TEXT PRIMARY KEY,
    materialized_until TIMESTAMPTZ NOT NULL
);
INSERT INTO hcl_kb_watermarks (name, materialized_until)
VALUES ('decisions_hourly', '-infinity'), ('actions_hourly', '-infinity');

-- Actions by type and status per hour (per day once older than the refresh window), from the decisions'
-- actions_taken arrays. Maintained by the
-- maintenance call on both backends (a continuous aggregate cannot expand a JSON array).
CREATE TABLE hcl_actions_hourly_mat (
    hour        TIMESTAMPTZ NOT NULL,
    action_type TEXT        NOT NULL,
    status      TEXT        NOT NULL,
    actions     BIGINT      NOT NULL,
    dry_runs    BIGINT      NOT NULL,
    PRIMARY KEY (hour, action_type, status)
);

-- Approvals: one row per action that waits for a human. The idempotency key of the guarded action is
-- unique, so the job asking twice (a replay) yields the same approval.
CREATE TABLE hcl_approvals (
    id              UUID        PRIMARY KEY,
    idempotency_key TEXT        NOT NULL UNIQUE,
    decision_id     UUID,
    service         TEXT        NOT NULL,
    host            TEXT,
    action          JSONB       NOT NULL,
    requested_at    TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    requested_by    TEXT,
    status          TEXT        NOT NULL DEFAULT 'PENDING'
        CHECK (status IN ('PENDING', 'APPROVED', 'DENIED', 'EXPIRED')),
    decided_by      TEXT,
    decided_at      TIMESTAMPTZ,
    reason          TEXT,
    CHECK ((status = 'PENDING') = (decided_at IS NULL))
);
CREATE INDEX idx_approvals_status ON hcl_approvals (status, requested_at DESC);
