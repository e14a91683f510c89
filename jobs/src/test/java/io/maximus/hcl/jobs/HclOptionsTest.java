package io.maximus.hcl.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.BlockElement;
import org.apache.flink.configuration.description.TextElement;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HclOptionsTest {

    private static final Path DOC = Path.of("..", "flink-conf", "hcl.properties");

    /** The options file as the code defines it: every option, its description and its default. */
    static String render() {
        StringBuilder b = new StringBuilder();
        b.append(
                "# Options of the HCL job, with their defaults. Generated from HclOptions; HclOptionsTest keeps it true.\n");
        b.append("# Pass any of them after the jar: flink run -c io.maximus.hcl.jobs.HclJob <jar> --key value,\n");
        b.append(
                "# or in a file: --config flink-conf/hcl.properties. Secrets never go here: the database password comes\n");
        b.append("# from HCL_JDBC_PASSWORD or the file named by jdbc.password-file.\n");
        for (ConfigOption<?> o : HclOptions.all()) {
            b.append('\n').append("# ").append(describe(o)).append('\n');
            Object d = o.defaultValue();
            String value = d instanceof Duration dur
                    ? TimeUtils.formatWithHighestUnit(dur)
                    : d instanceof List<?> list
                            ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                            : String.valueOf(d);
            b.append(o.key()).append('=').append(value).append('\n');
        }
        return b.toString();
    }

    private static String describe(ConfigOption<?> o) {
        StringBuilder b = new StringBuilder();
        for (BlockElement e : o.description().getBlocks()) {
            b.append(((TextElement) e).getFormat());
        }
        return b.toString();
    }

    @BeforeAll
    static void writeWhenAsked() throws Exception {
        if (Boolean.getBoolean("hcl.write-docs")) {
            Files.writeString(DOC, render(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theOptionsFileListsEveryOptionWithItsDefault() throws Exception {
        assertThat(Files.readString(DOC))
                .as("flink-conf/hcl.properties; regenerate with -Dhcl.write-docs=true")
                .isEqualTo(render());
    }

    @Test
    void everyOptionHasADefaultSoTheFileNeverSetsTheWordNull() {
        // an option without a default would be written as "key=null" and, loaded with --config, set to "null"
        assertThat(HclOptions.all())
                .allSatisfy(o -> assertThat(o.hasDefaultValue()).as(o.key()).isTrue());
    }

    @Test
    void theOptionsFileLoadsToTheDefaultsAndTheCommandLineOverridesIt() throws Exception {
        Configuration conf = HclOptions.fromArgs(
                new String[] {"--config", DOC.toString(), "--rules.cpu-high", "70", "--plan.window=30 s"});
        assertThat(conf.get(HclOptions.CPU_HIGH)).isEqualTo(70.0);
        assertThat(conf.get(HclOptions.WINDOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(conf.get(HclOptions.OUT_OF_ORDERNESS)).isEqualTo(Duration.ofSeconds(30));
        assertThat(conf.get(HclOptions.KAFKA_BOOTSTRAP)).isEqualTo("localhost:9092");
    }

    @Test
    void theDetectorIsAnEnumThatStillTakesTheOldLowercaseWords() throws Exception {
        assertThat(HclOptions.fromArgs(new String[0]).get(HclOptions.DETECTOR))
                .isEqualTo(HclOptions.Detector.ATTENTION);
        assertThat(HclOptions.fromArgs(new String[] {"--analyze.detector", "baseline"})
                        .get(HclOptions.DETECTOR))
                .isEqualTo(HclOptions.Detector.BASELINE);
        assertThat(HclOptions.fromArgs(new String[] {"--analyze.detector=Attention"})
                        .get(HclOptions.DETECTOR))
                .isEqualTo(HclOptions.Detector.ATTENTION);
        assertThat(HclOptions.fromArgs(new String[] {"--execute.on-violation", "refuse"})
                        .get(HclOptions.EXECUTE_ON_VIOLATION))
                .isEqualTo(HclOptions.OnViolation.REFUSE);
        Configuration bad = HclOptions.fromArgs(new String[] {"--analyze.detector", "isolation-forest"});
        assertThatThrownBy(() -> bad.get(HclOptions.DETECTOR)).hasMessageContaining("analyze.detector");
    }

    @Test
    void listOptionsTakeCommasAsTheyAlwaysDidAndSemicolonsAsFlinkWrites() throws Exception {
        assertThat(HclOptions.fromArgs(new String[0]).get(HclOptions.FORECAST_ORDER))
                .containsExactly(1, 1, 1, 1, 1, 1);
        assertThat(HclOptions.fromArgs(new String[] {"--forecast.order", "2,1,0,1,1,0"})
                        .get(HclOptions.FORECAST_ORDER))
                .containsExactly(2, 1, 0, 1, 1, 0);
        assertThat(HclOptions.fromArgs(new String[] {"--forecast.order", "2; 1;0;1;1;0"})
                        .get(HclOptions.FORECAST_ORDER))
                .containsExactly(2, 1, 0, 1, 1, 0);
        assertThat(HclOptions.fromArgs(new String[] {"--execute.actuators", "redis, nginx,"})
                        .get(HclOptions.EXECUTE_ACTUATORS))
                .containsExactly("redis", "nginx");
        assertThat(HclOptions.fromArgs(new String[] {"--execute.actuators", "[redis, docker]"})
                        .get(HclOptions.EXECUTE_ACTUATORS))
                .containsExactly("redis", "docker");
        assertThat(HclOptions.fromArgs(new String[] {"--execute.actuators="}).get(HclOptions.EXECUTE_ACTUATORS))
                .isEmpty();
        assertThat(HclOptions.fromArgs(new String[] {"--execute.rollback-metrics", ""})
                        .get(HclOptions.EXECUTE_ROLLBACK_METRICS))
                .isEmpty();
        assertThat(HclOptions.fromArgs(new String[0]).get(HclOptions.EXECUTE_ROLLBACK_METRICS))
                .isEqualTo(io.maximus.hcl.sinks.execute.ExecuteConfig.DEFAULT_ROLLBACK_METRICS);
    }

    @Test
    void optionsDeclareAndNeverAssemble() throws Exception {
        // the assembly lives in io.maximus.hcl.jobs.stages; the options class names no models, operators or sinks type
        String source = Files.readString(Path.of("src/main/java/io/maximus/hcl/jobs/HclOptions.java"));
        assertThat(source).doesNotContain("io.maximus.hcl.models", "io.maximus.hcl.operators", "io.maximus.hcl.sinks");
        assertThat(HclOptions.all())
                .allSatisfy(o -> assertThat(describe(o)).as(o.key()).isNotBlank());
    }

    @Test
    void unknownOrIncompleteOptionsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> HclOptions.fromArgs(new String[] {"--rules.cpu-hgih", "70"}))
                .hasMessageContaining("unknown option: rules.cpu-hgih");
        assertThatThrownBy(() -> HclOptions.fromArgs(new String[] {"--jdbc.url"}))
                .hasMessageContaining("option --jdbc.url needs a value");
        assertThatThrownBy(() -> HclOptions.fromArgs(new String[] {"stray"}))
                .hasMessageContaining("expected --key value");
    }
}
