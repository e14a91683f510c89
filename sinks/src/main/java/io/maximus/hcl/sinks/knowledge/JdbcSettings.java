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
 * @param refusals where a row the database refuses goes ({@link RowRefusals#LOG} unless given)
 */
public record JdbcSettings(
        String url,
        String user,
        String password,
        int batchSize,
        Duration batchInterval,
        int maxRetries,
        Duration outageTolerance,
        RowRefusals refusals) {

    /** The settings with refused rows only logged. */
    public JdbcSettings(
            String url,
            String user,
            String password,
            int batchSize,
            Duration batchInterval,
            int maxRetries,
            Duration outageTolerance) {
        this(url, user, password, batchSize, batchInterval, maxRetries, outageTolerance, RowRefusals.LOG);
    }

    /** These settings with refused rows sent to {@code to}. */
    public JdbcSettings withRefusals(RowRefusals to) {
        return new JdbcSettings(url, user, password, batchSize, batchInterval, maxRetries, outageTolerance, to);
    }

    @Override
    public String toString() {
        return "JdbcSettings[url=" + url + ", user=" + user + ", password=***, batchSize=" + batchSize
                + ", batchInterval=" + batchInterval + ", maxRetries=" + maxRetries + ", outageTolerance="
                + outageTolerance + "]";
    }
}
