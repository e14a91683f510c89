package io.maximus.hcl.tools.train;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.models.plan.sac.SacTrainer;
import io.maximus.hcl.models.plan.sac.SacTraining;
import io.maximus.hcl.models.plan.sim.PlanEvaluation;
import io.maximus.hcl.models.plan.sim.Trace;
import io.maximus.hcl.models.plan.sim.TraceReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hcl train plan}: trains the SAC plan agent (DJL, PyTorch engine) in the service simulator on the first 70% of
 * a load trace, scaled as {@code hcl eval plan} scales it, and writes the versioned artifact (actor weights and
 * manifest) the job serves with {@code plan.policy: sac}; prints one JSON line.
 */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = "Train the SAC plan agent in the simulator on the first 70% of a load trace and write "
                + "DIR/{manifest.json,actor.bin} for plan.policy=sac (plan.sac.model). Ends with one JSON line.")
public final class TrainPlanCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainPlanCommand.class);

    @Option(names = "--input", required = true, description = "Load trace CSV with a header row, in time order.")
    Path input;

    @Option(names = "--time-col", required = true, description = "Time column (seconds, epoch ms or ISO/UTC).")
    String timeCol;

    @Option(names = "--value-col", required = true, description = "Load column (any unit; it is scaled).")
    String valueCol;

    @Option(names = "--out", required = true, description = "Artifact directory to write.")
    Path out;

    @Option(names = "--version", description = "Artifact version (default: sac-<trace file>-<steps>-<seed>).")
    String version;

    @Option(
            names = "--steps",
            defaultValue = "10000",
            description = "Simulator steps of training. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--seed", defaultValue = "42", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(input)) {
            System.err.println("hcl train plan: cannot read " + input);
            return 2;
        }
        PlanEvaluation eval = new PlanEvaluation(PlanEvaluation.Settings.defaults());
        Trace read = TraceReader.read(
                input, timeCol, valueCol, eval.settings().service().stepSeconds());
        Trace trace = new Trace(input.getFileName().toString(), read.startSeconds(), read.stepSeconds(), read.values());
        SacTrainer.Config d = SacTrainer.Config.defaults();
        SacTrainer.Config config = new SacTrainer.Config(
                d.hidden(),
                steps,
                Math.min(d.warmup(), steps / 5),
                d.batch(),
                d.buffer(),
                d.gamma(),
                d.tau(),
                d.learningRate(),
                d.episodeSteps(),
                Math.min(d.checkEvery(), Math.max(1, steps / 5)),
                seed);
        String v = version != null ? version : "sac-" + trace.name().replaceAll("\\W+", "_") + "-" + steps + "-" + seed;
        SacTraining training = new SacTraining(config, out, v);
        training.train(eval.trainingPart(trace), eval);
        LOG.info("SAC artifact {} written to {}", v, out);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("artifact", out.toString());
        line.put("version", v);
        line.put("trace", trace.name());
        line.putAll(training.last().metrics());
        System.out.println(Json.write(line));
        return 0;
    }
}
