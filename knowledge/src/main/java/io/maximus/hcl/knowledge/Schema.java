package io.maximus.hcl.knowledge;

import io.maximus.hcl.knowledge.migration.V1__Knowledge_schema;
import io.maximus.hcl.knowledge.migration.V2__Telemetry_hourly;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the knowledge base's versioned migrations (Flyway) to a PostgreSQL database.
 *
 * <p>The migrations are registered explicitly (no class-path scanning) so that they work the same from a
 * shaded jar and cannot pick up another module's scripts. Whether TimescaleDB is used follows the
 * environment variable {@code HCL_KB_TIMESCALE} ({@code auto}, the default: use it when available;
 * {@code on}; {@code off}).
 */
public final class Schema {

    private Schema() {}

    /**
     * Brings the database at {@code jdbcUrl} to the newest schema version; safe to call on every start.
     *
     * @return the number of migrations applied by this call
     */
    public static int migrate(String jdbcUrl, String user, String password) {
        String timescale = System.getenv().getOrDefault("HCL_KB_TIMESCALE", "auto");
        MigrateResult result = Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:db/knowledge/migration")
                .javaMigrations(new V1__Knowledge_schema(), new V2__Telemetry_hourly())
                .placeholders(Map.of(V1__Knowledge_schema.TIMESCALE_PLACEHOLDER, timescale))
                .table("hcl_kb_schema_history")
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
