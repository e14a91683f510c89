package io.maximus.hcl.sinks.knowledge;

import java.io.Serializable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a knowledge-base sink sends a row the database refuses ({@link IsolatingStatement}): the job goes on, and the
 * row with the database's reason goes here (the dead-letter topic in the job, {@link KafkaRowRefusals}).
 */
@FunctionalInterface
public interface RowRefusals extends Serializable {

    /** Logs the refusal only (a structured warning); for tools and tests without a dead-letter topic. */
    RowRefusals LOG = (table, row, reason) -> LoggerFactory.getLogger(RowRefusals.class)
            .warn("{\"event\": \"row_refused\", \"table\": \"{}\", \"reason\": \"{}\"}", table, reason);

    /**
     * Records that {@code table} refused {@code row} for {@code reason}; returns once the refusal is stored (the row
     * is then dropped from the batch). Throwing fails the batch, as a database error would.
     */
    void refused(String table, Object row, String reason) throws Exception;

    /** A logger for implementations. */
    static Logger logger() {
        return LoggerFactory.getLogger(RowRefusals.class);
    }
}
