package io.maximus.hcl.tools.cli;

import io.maximus.hcl.tools.bench.BenchForecastCommand;
import io.maximus.hcl.tools.bench.BenchLstmCommand;
import io.maximus.hcl.tools.bench.BenchPipelineCommand;
import picocli.CommandLine.Command;

/** {@code hcl bench}: serving-speed benchmarks of the models. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Serving-speed benchmarks of the models and of the whole pipeline.",
        subcommands = {BenchLstmCommand.class, BenchPipelineCommand.class, BenchForecastCommand.class})
public final class BenchCommand {}
