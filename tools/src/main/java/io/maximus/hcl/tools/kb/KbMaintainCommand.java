package io.maximus.hcl.tools.kb;

import com.zaxxer.hikari.HikariDataSource;
import io.maximus.hcl.core.Secrets;
import io.maximus.hcl.knowledge.KbMaintenance;
import io.maximus.hcl.knowledge.Schema;
import io.maximus.hcl.knowledge.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hcl kb maintain}: migrates and runs one maintenance pass (for cron or a one-off). */
@Command(
        name = "maintain",
        mixinStandardHelpOptions = true,
        description = "Migrate the knowledge base and run one maintenance pass: week partitions ahead, aggregate "
                + "refresh, retention, approval expiry. Prints what it did.")
public final class KbMaintainCommand implements Callable<Integer> {

    @Option(
            names = "--jdbc-url",
            required = true,
            defaultValue = "${env:HCL_KB_JDBC_URL}",
            description = "knowledge base (default: $HCL_KB_JDBC_URL)")
    String jdbcUrl;

    @Option(names = "--user", defaultValue = "${env:HCL_KB_USER:-postgres}", description = "database user")
    String user;

    @Option(
            names = "--password",
            defaultValue = "",
            description = "database password (default: $HCL_KB_PASSWORD or the file named by $HCL_KB_PASSWORD_FILE)")
    String password;

    @Option(
            names = "--retention-days",
            defaultValue = "90",
            description = "detail retention in days (default ${DEFAULT-VALUE})")
    int retentionDays;

    @Override
    public Integer call() throws Exception {
        String password = this.password.isEmpty() ? Secrets.fromEnvironment("HCL_KB_PASSWORD", null) : this.password;
        Schema.migrate(jdbcUrl, user, password);
        try (HikariDataSource ds = Database.pool(jdbcUrl, user, password, 2)) {
            KbMaintenance.Report r = new KbMaintenance(ds, Clock.systemUTC())
                    .retention(Duration.ofDays(retentionDays))
                    .maintain();
            System.out.println(r);
        }
        return 0;
    }
}
