-- TimescaleDB: hypertables with 7-day chunks (1 day for telemetry), compression of chunks older than 7 days, 90-day retention
-- of detail, and the hourly continuous aggregate kept for 2 years. Run by TimescaleSchemaTest on TimescaleDB 2.28.3
-- (see docs/knowledge-base.md). No default ("timestamp" DESC) index: tables.sql's indexes serve the reads, chunks
-- are excluded by their time constraints, and one index fewer is less work for every insert.
SELECT create_hypertable('hcl_decisions', 'timestamp', chunk_time_interval => INTERVAL '7 days', if_not_exists => TRUE,
                         create_default_indexes => FALSE);
SELECT create_hypertable('hcl_actions', 'timestamp', chunk_time_interval => INTERVAL '7 days', if_not_exists => TRUE,
                         create_default_indexes => FALSE);
SELECT create_hypertable('hcl_telemetry', 'timestamp', chunk_time_interval => INTERVAL '1 day', if_not_exists => TRUE,
                         create_default_indexes => FALSE);

ALTER TABLE hcl_decisions SET (timescaledb.compress, timescaledb.compress_segmentby = 'service',
                               timescaledb.compress_orderby = '"timestamp" DESC, id');
-- With a unique key, compression needs its columns in segmentby or orderby.
ALTER TABLE hcl_actions SET (timescaledb.compress, timescaledb.compress_segmentby = 'service',
                             timescaledb.compress_orderby = '"timestamp" DESC, idempotency_key');
ALTER TABLE hcl_telemetry SET (timescaledb.compress, timescaledb.compress_segmentby = 'host',
                               timescaledb.compress_orderby = '"timestamp" DESC');
SELECT add_compression_policy('hcl_decisions', INTERVAL '7 days');
SELECT add_compression_policy('hcl_actions', INTERVAL '7 days');
SELECT add_compression_policy('hcl_telemetry', INTERVAL '2 days');

SELECT add_retention_policy('hcl_decisions', INTERVAL '90 days');
SELECT add_retention_policy('hcl_actions', INTERVAL '90 days');
SELECT add_retention_policy('hcl_telemetry', INTERVAL '90 days');

-- Same name and columns as the plain-PostgreSQL view, so readers have one code path.
-- WITH NO DATA: a continuous aggregate cannot be filled inside the migration's transaction.
CREATE MATERIALIZED VIEW hcl_decisions_hourly
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', "timestamp") AS hour, operational_mode,
       count(*) AS decisions,
       count(*) FILTER (WHERE outcome = 'SUCCESS') AS successes,
       count(*) FILTER (WHERE outcome = 'PARTIAL') AS partials,
       count(*) FILTER (WHERE outcome = 'FAILED') AS failures,
       sum(reward_signal) AS reward_sum, count(reward_signal) AS reward_count,
       min(reward_signal) AS reward_min, max(reward_signal) AS reward_max
FROM hcl_decisions
GROUP BY 1, 2
WITH NO DATA;

SELECT add_continuous_aggregate_policy('hcl_decisions_hourly', start_offset => INTERVAL '3 days',
                                       end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');
SELECT add_retention_policy('hcl_decisions_hourly', INTERVAL '2 years');
