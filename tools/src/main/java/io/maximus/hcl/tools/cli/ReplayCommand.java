package io.maximus.hcl.tools.cli;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.jobs.HclOptions;
import io.maximus.hcl.jobs.HclTopology;
import io.maximus.hcl.operators.execute.OutcomeSplitter;
import io.maximus.hcl.operators.monitor.ParseTelemetry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hcl replay}: the real topology on a bounded telemetry file, in event time, with dry-run actuators. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the HCL topology on a JSONL telemetry file (one record per line) in event time with "
                    + "dry-run actuators, writes the decisions as JSONL and ends standard output with one JSON line "
                    + "{\"records\": N, \"rejected\": N, \"decisions\": N, \"actions\": N}."
        })
public final class ReplayCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayCommand.class);
    private static final long PROGRESS_EVERY_MS = 5_000;

    @Option(names = "--input", required = true, description = "Telemetry file, one JSON record per line.")
    Path input;

    @Option(names = "--output", description = "Where to write the decisions (JSONL). Default: standard output.")
    Path output;

    @Option(names = "--dead-letters", description = "Where to write the rejected records with their reasons (JSONL).")
    Path deadLetters;

    @Option(
            names = {"-o", "--option"},
            description = "A job option as key=value, e.g. rules.cpu-high=70 "
                    + "(see flink-conf/hcl.properties). Repeatable.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--parallelism", description = "Parallelism of the local run (default: ${DEFAULT-VALUE}).")
    int parallelism = Math.max(1, Runtime.getRuntime().availableProcessors());

    private final PrintStream out;

    /** A replay printing to standard output. */
    public ReplayCommand() {
        this(System.out);
    }

    ReplayCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(input)) {
            System.err.println("hcl replay: cannot read " + input);
            return 2;
        }
        List<String> args = new ArrayList<>();
        options.forEach((k, v) -> {
            args.add("--" + k);
            args.add(v);
        });
        Configuration conf = HclOptions.fromArgs(args.toArray(String[]::new));
        Summary s = run(input, conf, parallelism, output, deadLetters, out);
        out.println(Json.write(s));
        out.flush();
        return 0;
    }

    /** The closing line of a replay. */
    public record Summary(long records, long rejected, long decisions, long actions) {}

    /**
     * Replays {@code input} through the topology; decisions go to {@code output} (or {@code stdout} when null),
     * rejected records to {@code deadLetters} when given.
     */
    public static Summary run(
            Path input, Configuration conf, int parallelism, Path output, Path deadLetters, PrintStream stdout)
            throws Exception {
        long started = System.nanoTime();
        // A replay tries rules on history: it never touches a real system, whatever the options say.
        conf.set(HclOptions.EXECUTE_DRY_RUN, true);
        Configuration envConf = new Configuration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, envConf);
        FileSource<String> source = FileSource.forRecordStreamFormat(
                        new TextLineInputFormat(), new org.apache.flink.core.fs.Path(input.toUri()))
                .build();
        DataStream<String> raw = env.fromSource(
                        source, WatermarkStrategy.noWatermarks(), "replay: " + input.getFileName())
                .uid("replay-file-source");
        HclTopology.Outputs topology = HclTopology.build(raw, conf);
        topology.decisions()
                .map(d -> Json.write(d))
                .name("replay: decisions as JSON")
                .sinkTo(new LineFileSink(output == null ? null : output.toString()))
                .setParallelism(1)
                .name("replay: decisions file");
        if (deadLetters != null) {
            topology.deadLetters()
                    .map(d -> Json.write(d))
                    .name("replay: dead letters as JSON")
                    .sinkTo(new LineFileSink(deadLetters.toString()))
                    .setParallelism(1)
                    .name("replay: dead letters file");
        }
        // Progress on standard error every few seconds: a probe chained after event time, dropping everything.
        topology.snapshots()
                .filter(ReplayProgress.probe())
                .name("replay: progress")
                .sinkTo(new DiscardingSink<>())
                .name("replay: progress (discarded)");
        stdout.flush();
        JobExecutionResult result;
        try (ReplayProgress progress = ReplayProgress.start(System.err, PROGRESS_EVERY_MS)) {
            result = env.execute("hcl replay " + input.getFileName());
        }
        Summary s = new Summary(
                counter(result, ParseTelemetry.RECORDS),
                counter(result, ParseTelemetry.REJECTED),
                counter(result, OutcomeSplitter.DECISIONS),
                counter(result, OutcomeSplitter.ACTIONS));
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info(
                "replay of {} done in {} s: {} records/s",
                input,
                String.format("%.2f", seconds),
                String.format("%.0f", (s.records() + s.rejected()) / seconds));
        return s;
    }

    private static long counter(JobExecutionResult r, String name) {
        Object v = r.getAllAccumulatorResults().get(name);
        return v == null ? 0 : ((Number) v).longValue();
    }
}
