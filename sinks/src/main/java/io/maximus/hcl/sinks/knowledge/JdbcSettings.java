package io.maximus.hcl.sinks.knowledge;

import java.time.Duration;

/**
 * How the job's JDBC sinks reach and write the knowledge base.
 *
 * @param url the PostgreSQL JDBC URL
 * @param user the database user
 * @param password the password (from {@link io.maximus.hcl.core.Secrets}; never printed)
 * @param batchSize rows per batch at most
 * @param batchInterval a batch is written at least this often
 * @param maxRetries retries of a failed batch
 * @param outageTolerance how long a database outage is waited out ({@link PatientConnectionProvider})
 */
public record JdbcSettings(
        String url,
        String user,
        String password,
        int batchSize,
        Duration batchInterval,
        int maxRetries,
        Duration outageTolerance) {

    @Override
    public String toString() {
        return "JdbcSettings[url=" + url + ", user=" + user + ", password=***, batchSize=" + batchSize
                + ", batchInterval=" + batchInterval + ", maxRetries=" + maxRetries + ", outageTolerance="
                + outageTolerance + "]";
    }
}
