package io.maximus.hcl.knowledge.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The knowledge base's connection pool (HikariCP): what the JDBC repositories and the maintenance pass run on. */
public final class Database {

    private Database() {}

    /** A pool of up to {@code maxSize} connections; the caller closes it. */
    public static HikariDataSource pool(String jdbcUrl, String user, String password, int maxSize) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(jdbcUrl);
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setMaximumPoolSize(maxSize);
        cfg.setPoolName("hcl-kb");
        return new HikariDataSource(cfg);
    }
}
