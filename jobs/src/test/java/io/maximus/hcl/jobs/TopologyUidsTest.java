package io.maximus.hcl.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.util.StringUtils;
import org.junit.jupiter.api.Test;

/**
 * Savepoint compatibility of the job graph: every operator's name, uid and the operator id Flink derives from it (the
 * key its state is stored under in a savepoint) must stay as recorded in {@code src/test/resources/topology/}. A
 * change that renames a uid, or moves an operator without one, fails here. Regenerate with
 * {@code -Dhcl.write-uids=true} only for a change that is meant to break savepoint compatibility.
 */
class TopologyUidsTest {

    private static final Path DIR = Path.of("src", "test", "resources", "topology");

    /** The job as {@code flink run} builds it, one line per operator: name | uid | operator id, sorted. */
    static List<String> operators(String... args) throws Exception {
        Configuration conf = HclOptions.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        HclJob.attach(env, conf);
        StreamGraph graph = env.getStreamGraph();
        Map<Integer, byte[]> ids = new StreamGraphHasherV2().traverseStreamGraphAndGenerateHashes(graph);
        List<String> lines = new ArrayList<>();
        for (StreamNode n : graph.getStreamNodes()) {
            lines.add(n.getOperatorName() + " | " + n.getTransformationUID() + " | "
                    + StringUtils.byteToHexString(ids.get(n.getId())));
        }
        lines.sort(null);
        return lines;
    }

    private static void check(String file, String... args) throws Exception {
        String actual = String.join("\n", operators(args)) + "\n";
        Path golden = DIR.resolve(file);
        if (Boolean.getBoolean("hcl.write-uids")) {
            Files.createDirectories(DIR);
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual)
                .as(golden + " (operator ids a savepoint restores by)")
                .isEqualTo(Files.readString(golden));
    }

    @Test
    void theDefaultJobKeepsEveryOperatorId() throws Exception {
        check("default.txt", "--jdbc.url", "jdbc:postgresql://localhost:1/hcl");
    }

    @Test
    void theJobWithThePlanPolicyKeepsEveryOperatorIdAndAddsPlanPolicy() throws Exception {
        check("plan-policy.txt", "--plan.enabled", "true", "--jdbc.url", "jdbc:postgresql://localhost:1/hcl");
        assertThat(String.join("\n", operators("--plan.enabled", "true", "--jdbc.url", "")))
                .contains("| plan-policy |");
    }

    @Test
    void theBaselineJobWithoutForecastOrFailureKeepsEveryOperatorId() throws Exception {
        check(
                "baseline.txt",
                "--analyze.detector",
                "baseline",
                "--forecast.enabled",
                "false",
                "--failure.enabled",
                "false",
                "--failure.exhaustion.enabled",
                "false",
                "--jdbc.url",
                "");
    }
}
