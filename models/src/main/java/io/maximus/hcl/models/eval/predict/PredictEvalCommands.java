package io.maximus.hcl.models.eval.predict;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Stand-alone launcher for the predictive evaluations ({@code forecast}, {@code failure}, {@code bench}) until
 * the {@code hcl eval} launcher in {@code jobs} registers them as subcommands.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluations of the predictive models.",
    subcommands = {EvalForecastCommand.class, EvalFailureCommand.class, PredictBenchCommand.class})
public class PredictEvalCommands implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Runs a subcommand, e.g. {@code forecast --input FILE.csv}. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new PredictEvalCommands()).execute(args));
  }
}
