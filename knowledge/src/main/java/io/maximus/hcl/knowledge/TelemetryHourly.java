package io.maximus.hcl.knowledge;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The telemetry's long-term aggregate {@code hcl_telemetry_hourly}: per host, service and hour the snapshot count and,
 * for each of {@link #METRICS}, {@code <metric>_sum}, {@code <metric>_count} and {@code <metric>_max}. A continuous
 * aggregate on TimescaleDB ({@code db/knowledge/telemetry_hourly_timescale.sql}); on plain PostgreSQL the table
 * {@code hcl_telemetry_hourly_mat} ({@code telemetry_hourly_native.sql}) behind a view of the same name, refreshed by
 * {@link KbMaintenance}. Both keep two years; the detail rows keep 90 days.
 */
public final class TelemetryHourly {

    /** The metrics the aggregate keeps (a fixed list: a continuous aggregate cannot expand a JSON object). */
    public static final List<String> METRICS =
            List.of("cpu_usage", "memory_usage", "disk_io_wait", "error_rate", "throughput");

    private TelemetryHourly() {}

    /** The aggregate's select list after the hour, host and service: what the SQL scripts spell out. */
    static String aggregates(String alias) {
        String p = alias.isEmpty() ? "" : alias + ".";
        return "count(*)"
                + METRICS.stream()
                        .map(m -> String.format(
                                Locale.ROOT,
                                ", sum((%1$smetrics ->> '%2$s')::double precision),"
                                        + " count(%1$smetrics ->> '%2$s'), max((%1$smetrics ->> '%2$s')::double precision)",
                                p,
                                m))
                        .collect(Collectors.joining());
    }

    /** The aggregate's columns after hour, host and service, in table order. */
    static String columns() {
        return "snapshots"
                + METRICS.stream()
                        .map(m -> ", " + m + "_sum, " + m + "_count, " + m + "_max")
                        .collect(Collectors.joining());
    }

    /**
     * The readers' view on plain PostgreSQL, built like {@link KbMaintenance#DECISIONS_HOURLY_VIEW}: {@code %1$s} is
     * the watermark as a literal.
     */
    static String nativeView() {
        return "CREATE OR REPLACE VIEW hcl_telemetry_hourly AS SELECT hour, host, service, " + columns()
                + " FROM hcl_telemetry_hourly_mat WHERE hour < %1$s UNION ALL"
                + " SELECT date_trunc('hour', \"timestamp\", 'UTC') AS hour, host, service, " + aggregates("")
                + " FROM hcl_telemetry WHERE \"timestamp\" >= %1$s GROUP BY 1, 2, 3";
    }

    /** The refresh's insert on plain PostgreSQL: parameters are the window's start and end. */
    static String nativeRefreshInsert() {
        return "INSERT INTO hcl_telemetry_hourly_mat (hour, host, service, " + columns() + ")"
                + " SELECT date_trunc('hour', \"timestamp\", 'UTC'), host, service, " + aggregates("")
                + " FROM hcl_telemetry WHERE \"timestamp\" >= ? AND \"timestamp\" < ? GROUP BY 1, 2, 3";
    }

    /** The view or continuous aggregate's name. */
    public static final String NAME = "hcl_telemetry_hourly";
}
