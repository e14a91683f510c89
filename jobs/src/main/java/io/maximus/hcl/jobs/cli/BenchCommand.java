package io.maximus.hcl.jobs.cli;

import io.maximus.hcl.models.anomaly.lstm.LstmBenchCommand;
import picocli.CommandLine.Command;

/** {@code hcl bench}: serving-speed benchmarks of the models. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Serving-speed benchmarks of the models.",
        subcommands = {LstmBenchCommand.class})
public final class BenchCommand {
}
