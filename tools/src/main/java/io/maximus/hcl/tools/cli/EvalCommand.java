package io.maximus.hcl.tools.cli;

import io.maximus.hcl.tools.eval.anomaly.EvalAnomalyCommand;
import io.maximus.hcl.tools.eval.anomaly.EvalAttentionCommand;
import io.maximus.hcl.tools.eval.anomaly.EvalLstmCommand;
import io.maximus.hcl.tools.eval.anomaly.EvalNabCommand;
import io.maximus.hcl.tools.eval.anomaly.EvalSpeedCommand;
import io.maximus.hcl.tools.eval.degradation.EvalDegradationCommand;
import io.maximus.hcl.tools.eval.plan.EvalPlanCommand;
import io.maximus.hcl.tools.eval.predict.EvalFailureCommand;
import io.maximus.hcl.tools.eval.predict.EvalForecastCommand;
import io.maximus.hcl.tools.eval.predict.PredictBenchCommand;
import picocli.CommandLine.Command;

/** {@code hcl eval}: the models' evaluations on real data, each ending with one JSON line of figures. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Evaluates the models on real data (see ../shared/datasets); each prints one JSON summary line.",
        subcommands = {
            EvalAnomalyCommand.class,
            EvalAttentionCommand.class,
            EvalNabCommand.class,
            EvalSpeedCommand.class,
            EvalLstmCommand.class,
            EvalForecastCommand.class,
            EvalFailureCommand.class,
            PredictBenchCommand.class,
            EvalDegradationCommand.class,
            EvalPlanCommand.class
        })
public final class EvalCommand {}
