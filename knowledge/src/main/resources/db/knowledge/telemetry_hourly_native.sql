-- Version 2, plain PostgreSQL: the telemetry's long-term aggregate, like hcl_decisions_hourly_mat: a table refreshed
-- by KbMaintenance over a recent window and kept 2 years, read through the view hcl_telemetry_hourly (materialized
-- hours before the watermark, live aggregation after it; created by the migration and re-created by each refresh).
CREATE TABLE hcl_telemetry_hourly_mat (
    hour      TIMESTAMPTZ NOT NULL,
    host      TEXT        NOT NULL,
    service   TEXT        NOT NULL,
    snapshots BIGINT      NOT NULL,
    cpu_usage_sum   DOUBLE PRECISION,
    cpu_usage_count BIGINT NOT NULL,
    cpu_usage_max   DOUBLE PRECISION,
    memory_usage_sum   DOUBLE PRECISION,
    memory_usage_count BIGINT NOT NULL,
    memory_usage_max   DOUBLE PRECISION,
    disk_io_wait_sum   DOUBLE PRECISION,
    disk_io_wait_count BIGINT NOT NULL,
    disk_io_wait_max   DOUBLE PRECISION,
    error_rate_sum   DOUBLE PRECISION,
    error_rate_count BIGINT NOT NULL,
    error_rate_max   DOUBLE PRECISION,
    throughput_sum   DOUBLE PRECISION,
    throughput_count BIGINT NOT NULL,
    throughput_max   DOUBLE PRECISION,
    PRIMARY KEY (hour, host, service)
);
INSERT INTO hcl_kb_watermarks (name, materialized_until) VALUES ('telemetry_hourly', '-infinity');
