-- Plain PostgreSQL: native range partitions by day (created ahead by KbMaintenance), a DEFAULT partition
-- per table so that a row outside the prepared days (a replay of old data, a clock far ahead) is never
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

-- What every reader queries: the materialized hours before the watermark plus a live aggregation of the
-- detail rows after it (TimescaleDB's "real-time aggregation", done by hand).
CREATE VIEW hcl_decisions_hourly AS
SELECT hour, operational_mode, decisions, successes, partials, failures,
       reward_sum, reward_count, reward_min, reward_max
FROM hcl_decisions_hourly_mat
WHERE hour < (SELECT materialized_until FROM hcl_kb_watermarks WHERE name = 'decisions_hourly')
UNION ALL
SELECT date_trunc('hour', "timestamp", 'UTC') AS hour, operational_mode,
       count(*), count(*) FILTER (WHERE outcome = 'SUCCESS'), count(*) FILTER (WHERE outcome = 'PARTIAL'),
       count(*) FILTER (WHERE outcome = 'FAILED'),
       sum(reward_signal), count(reward_signal), min(reward_signal), max(reward_signal)
FROM hcl_decisions
WHERE "timestamp" >= (SELECT materialized_until FROM hcl_kb_watermarks WHERE name = 'decisions_hourly')
GROUP BY 1, 2;
