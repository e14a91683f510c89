package io.maximus.hcl.tools.cli;

import io.maximus.hcl.tools.kb.KbCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hcl} command line: one launcher for replay, the local demo, data generation and the tools. */
@Command(
        name = "hcl",
        mixinStandardHelpOptions = true,
        version = "hcl 0.1.0",
        description = "HCL, the Homeostatic Control Loop: a MAPE-K loop over live telemetry on Apache Flink.",
        subcommands = {
            ReplayCommand.class,
            GenerateCommand.class,
            DemoCommand.class,
            io.maximus.hcl.tools.lab.LabCommand.class,
            CollectCommand.class,
            EvalCommand.class,
            ActuateCommand.class,
            ApiCommand.class,
            KbCommand.class,
            TrainCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class HclCli {

    private HclCli() {}

    /** Runs the command line and exits with the command's status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the command's status (tests call this). */
    public static int run(String... args) {
        return new CommandLine(new HclCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(HclCli::badInput)
                .execute(args);
    }

    /**
     * An IllegalArgumentException from a command is bad input (a malformed duration, incident or file): the user gets
     * its message in one line and status 2, as for a bad option; anything else keeps its stack trace.
     */
    private static int badInput(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        if (!(e instanceof IllegalArgumentException)) {
            throw e;
        }
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        return 2;
    }
}
