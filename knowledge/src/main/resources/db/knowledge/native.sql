-- Plain PostgreSQL: native range partitions by ISO week (created ahead by KbMaintenance), a DEFAULT partition
-- per table so that a row outside the prepared weeks (a replay of old data, a clock far ahead) is never
-- refused, and the hourly aggregate as a table that the maintenance call refreshes.
CREATE TABLE hcl_decisions_pdefault PARTITION OF hcl_decisions DEFAULT;
CREATE TABLE hcl_actions_pdefault PARTITION OF hcl_actions DEFAULT;
CREATE TABLE hcl_telemetry_pdefault PARTITION OF hcl_telemetry DEFAULT;

-- Materialized hourly aggregate. A table, not a MATERIALIZED VIEW: REFRESH MATERIALIZED VIEW recomputes
-- from the detail rows, so once retention dropped a partition its hours would vanish from the aggregate.
-- Like TimescaleDB's continuous aggregate, this one is refreshed over a recent window only and keeps
-- its hours for 2 years after the detail is gone.
CREATE TABLE hcl_decisions_hourly_mat (
    hour             TIMESTAMPTZ      NOT NULL,
    operational_mode TEXT             NOT NULL,
    decisions        BIGINT           NOT NULL,
    successes        BIGINT           NOT NULL,
    partials         BIGINT           NOT NULL,
    failures         BIGINT           NOT NULL,
    reward_sum       DOUBLE PRECISION,
    reward_count     BIGINT           NOT NULL,
    reward_min       DOUBLE PRECISION,
    reward_max       DOUBLE PRECISION,
    PRIMARY KEY (hour, operational_mode)
);

-- The readers' view hcl_decisions_hourly (materialized hours before the watermark, live aggregation of
-- the detail rows after it) is created by the migration and re-created by every refresh with the new
-- watermark as a literal: see KbMaintenance.DECISIONS_HOURLY_VIEW.
