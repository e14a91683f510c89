package io.maximus.hcl.models.eval.anomaly;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Stand-alone launcher for the evaluation commands while they are not yet registered in the {@code hcl} CLI:
 * {@code java -cp ... io.maximus.hcl.models.eval.anomaly.EvalMain anomaly --data DIR}.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate HCL's anomaly models.",
        subcommands = {EvalAnomalyCommand.class, EvalNabCommand.class, EvalSpeedCommand.class})
public final class EvalMain {

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new EvalMain()).execute(args));
    }
}
