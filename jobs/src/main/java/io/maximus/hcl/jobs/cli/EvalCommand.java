package io.maximus.hcl.jobs.cli;

import io.maximus.hcl.models.anomaly.lstm.LstmEvalCommand;
import io.maximus.hcl.models.eval.anomaly.EvalAnomalyCommand;
import io.maximus.hcl.models.eval.anomaly.EvalAttentionCommand;
import io.maximus.hcl.models.eval.anomaly.EvalNabCommand;
import io.maximus.hcl.models.eval.anomaly.EvalSpeedCommand;
import io.maximus.hcl.models.eval.degradation.EvalDegradationCommand;
import io.maximus.hcl.models.eval.predict.EvalFailureCommand;
import io.maximus.hcl.models.eval.predict.EvalForecastCommand;
import io.maximus.hcl.models.eval.predict.PredictBenchCommand;
import picocli.CommandLine.Command;

/** {@code hcl eval}: the models' evaluations on real data, each ending with one JSON line of figures. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluates the models on real data (see ../shared/datasets); each prints one JSON summary line.",
        subcommands = {EvalAnomalyCommand.class, EvalAttentionCommand.class, EvalNabCommand.class, EvalSpeedCommand.class, LstmEvalCommand.class,
                EvalForecastCommand.class,
                EvalFailureCommand.class, PredictBenchCommand.class, EvalDegradationCommand.class})
public final class EvalCommand {
}
