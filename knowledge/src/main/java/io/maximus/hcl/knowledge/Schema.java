package io.maximus.hcl.knowledge;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the knowledge base's versioned migrations (Flyway, {@code db/migration}) to a PostgreSQL database. */
public final class Schema {

    private Schema() {
    }

    /**
     * Brings the database at {@code jdbcUrl} to the newest schema version; safe to call on every start.
     *
     * @return the number of migrations applied by this call
     */
    public static int migrate(String jdbcUrl, String user, String password) {
        MigrateResult result = Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
