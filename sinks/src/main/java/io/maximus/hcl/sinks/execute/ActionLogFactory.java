package io.maximus.hcl.sinks.execute;

import io.maximus.hcl.core.Secrets;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Opens the {@link ActionLog} on a task manager (the factory travels with the job graph; connections and secrets are
 * made and read where it runs).
 */
@FunctionalInterface
public interface ActionLogFactory extends Serializable {

    /** Opens the log. */
    ActionLog open() throws IOException;

    /**
     * From a specification: {@code file:/DIR} (a directory on a local or shared file system: one task manager, the
     * demo, tests) or a {@code jdbc:postgresql:} URL (the knowledge base; table {@code hcl_action_log}), whose password
     * is read on the task manager from {@code HCL_JDBC_PASSWORD} or the file named by {@code HCL_JDBC_PASSWORD_FILE}.
     */
    static ActionLogFactory parse(String spec, String jdbcUser) {
        String s = spec.trim();
        if (s.startsWith("file:")) {
            String dir = s.substring("file:".length());
            return () -> new FileActionLog(Path.of(dir));
        }
        if (s.startsWith("jdbc:postgresql:")) {
            return () -> new JdbcActionLog(s, jdbcUser, Secrets.read(System.getenv(), "HCL_JDBC_PASSWORD"));
        }
        throw new IllegalArgumentException(
                "execute.action-log must be file:/DIR or a jdbc:postgresql: URL, got '" + spec + "'");
    }
}
