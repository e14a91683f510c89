package io.maximus.hcl.knowledge.migration;

import io.maximus.hcl.knowledge.Backend;
import io.maximus.hcl.knowledge.KbMaintenance;
import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema version 2: the telemetry's long-term hourly aggregate {@code hcl_telemetry_hourly} (see
 * {@link io.maximus.hcl.knowledge.TelemetryHourly}), a continuous aggregate on TimescaleDB and a maintained table
 * behind a view on plain PostgreSQL, on the backend version 1 chose.
 */
public class V2__Telemetry_hourly extends BaseJavaMigration {

    private static final Logger LOG = LoggerFactory.getLogger(V2__Telemetry_hourly.class);

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        Backend backend = Backend.of(c);
        LOG.info("knowledge base schema v2 (telemetry hourly aggregate): backend {}", backend);
        try (Statement s = c.createStatement()) {
            s.execute(V1__Knowledge_schema.script(
                    backend == Backend.TIMESCALE ? "telemetry_hourly_timescale.sql" : "telemetry_hourly_native.sql"));
        }
        if (backend == Backend.NATIVE) {
            KbMaintenance.createTelemetryView(c, null);
        }
    }
}
