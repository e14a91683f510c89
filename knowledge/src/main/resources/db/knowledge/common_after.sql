-- Readers' view of the actions aggregate (created after the detail tables exist): materialized hours
-- before the watermark, live aggregation after it.
CREATE VIEW hcl_actions_hourly AS
SELECT hour, action_type, status, actions, dry_runs
FROM hcl_actions_hourly_mat
WHERE hour < (SELECT materialized_until FROM hcl_kb_watermarks WHERE name = 'actions_hourly')
UNION ALL
SELECT date_trunc('hour', d."timestamp", 'UTC') AS hour,
       coalesce(a ->> 'type', 'unknown'), coalesce(a ->> 'status', 'UNKNOWN'),
       count(*), count(*) FILTER (WHERE a -> 'dry_run' = 'true'::jsonb)
FROM hcl_decisions d
CROSS JOIN LATERAL jsonb_array_elements(
        CASE WHEN jsonb_typeof(d.actions_taken) = 'array' THEN d.actions_taken ELSE '[]'::jsonb END) a
WHERE d."timestamp" >= (SELECT materialized_until FROM hcl_kb_watermarks WHERE name = 'actions_hourly')
GROUP BY 1, 2, 3;
