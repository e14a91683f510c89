-- Version 2, TimescaleDB: the telemetry's long-term aggregate. A continuous aggregate per host and hour with the
-- snapshot count and, for the main metrics (TelemetryHourly.METRICS), their sum, count and maximum (a mean over any
-- span is sum(..._sum) / sum(..._count)). Real-time (materialized_only = false), refreshed over the last 3 days every
-- 30 minutes, kept 2 years (the detail: 90 days), compressed after 30 days.
CREATE MATERIALIZED VIEW hcl_telemetry_hourly
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', "timestamp") AS hour, host, service,
       count(*) AS snapshots,
       sum((metrics ->> 'cpu_usage')::double precision) AS cpu_usage_sum, count(metrics ->> 'cpu_usage') AS cpu_usage_count, max((metrics ->> 'cpu_usage')::double precision) AS cpu_usage_max,
       sum((metrics ->> 'memory_usage')::double precision) AS memory_usage_sum, count(metrics ->> 'memory_usage') AS memory_usage_count, max((metrics ->> 'memory_usage')::double precision) AS memory_usage_max,
       sum((metrics ->> 'disk_io_wait')::double precision) AS disk_io_wait_sum, count(metrics ->> 'disk_io_wait') AS disk_io_wait_count, max((metrics ->> 'disk_io_wait')::double precision) AS disk_io_wait_max,
       sum((metrics ->> 'error_rate')::double precision) AS error_rate_sum, count(metrics ->> 'error_rate') AS error_rate_count, max((metrics ->> 'error_rate')::double precision) AS error_rate_max,
       sum((metrics ->> 'throughput')::double precision) AS throughput_sum, count(metrics ->> 'throughput') AS throughput_count, max((metrics ->> 'throughput')::double precision) AS throughput_max
FROM hcl_telemetry
GROUP BY 1, 2, 3
WITH NO DATA;

SELECT add_continuous_aggregate_policy('hcl_telemetry_hourly', start_offset => INTERVAL '3 days',
                                       end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');
SELECT add_retention_policy('hcl_telemetry_hourly', INTERVAL '2 years');
ALTER MATERIALIZED VIEW hcl_telemetry_hourly SET (timescaledb.compress = true);
SELECT add_compression_policy('hcl_telemetry_hourly', compress_after => INTERVAL '30 days');
