package io.maximus.hcl.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.sinks.knowledge.JdbcSettings;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The knowledge stage's wiring: its typed JDBC settings and the sinks' uids (savepoints restore by them). */
class KnowledgeStageTest {

    @Test
    void jdbcSettingsComeFromTheOptionsAndNeverPrintThePassword() throws Exception {
        Configuration conf = HclOptions.fromArgs(new String[] {
            "--jdbc.url", "jdbc:postgresql://db:5432/hcl", "--jdbc.batch-size", "7", "--jdbc.batch-interval", "3 s"
        });
        JdbcSettings s = KnowledgeStage.jdbcSettings(conf).orElseThrow();
        assertThat(s.url()).isEqualTo("jdbc:postgresql://db:5432/hcl");
        assertThat(s.batchSize()).isEqualTo(7);
        assertThat(s.batchInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.user()).isEqualTo(conf.get(HclOptions.JDBC_USER));
        assertThat(new JdbcSettings("u", "x", "hunter2", 1, Duration.ZERO, 0, Duration.ZERO).toString())
                .doesNotContain("hunter2");
        assertThat(KnowledgeStage.jdbcSettings(HclOptions.fromArgs(new String[] {"--jdbc.url", ""})))
                .isEmpty();
    }

    @Test
    void everySinkKeepsItsUid() throws Exception {
        Configuration conf = HclOptions.fromArgs(new String[] {
            "--kafka.bootstrap-servers",
            "localhost:1",
            "--jdbc.url",
            "jdbc:postgresql://localhost:1/hcl",
            "--jdbc.telemetry-history",
            "true"
        });
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        HclJob.attach(env, conf);
        Set<String> uids = new HashSet<>();
        Deque<Transformation<?>> todo = new ArrayDeque<>(env.getTransformations());
        while (!todo.isEmpty()) {
            Transformation<?> t = todo.pop();
            if (t.getUid() != null && uids.add(t.getUid())) {
                todo.addAll(t.getInputs());
            } else if (t.getUid() == null) {
                todo.addAll(t.getInputs());
            }
        }
        assertThat(uids)
                .contains(
                        "kafka-dlq-sink",
                        "kafka-analysis-sink",
                        "kafka-decisions-sink",
                        "kafka-actions-sink",
                        "jdbc-actions-sink",
                        "jdbc-approvals-filter",
                        "jdbc-approvals-sink",
                        "jdbc-decisions-sink",
                        "jdbc-outcomes-sink",
                        "jdbc-telemetry-sink",
                        "kafka-telemetry-source",
                        "kafka-approvals-source");
    }
}
