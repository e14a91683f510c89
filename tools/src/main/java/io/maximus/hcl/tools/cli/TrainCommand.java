package io.maximus.hcl.tools.cli;

import io.maximus.hcl.jobs.TrainingJob;
import io.maximus.hcl.tools.train.TrainAnomalyCommand;
import io.maximus.hcl.tools.train.TrainFailureCommand;
import io.maximus.hcl.tools.train.TrainForecastCommand;
import io.maximus.hcl.tools.train.TrainLstmCommand;
import io.maximus.hcl.tools.train.TrainPlanCommand;
import picocli.CommandLine.Command;

/** {@code hcl train}: trains a model and writes a versioned artifact with its manifest. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Trains a model and writes a versioned artifact (model + manifest.json).",
        subcommands = {
            TrainAnomalyCommand.class,
            TrainLstmCommand.class,
            TrainForecastCommand.class,
            TrainFailureCommand.class,
            TrainPlanCommand.class,
            TrainingJob.class
        })
public final class TrainCommand {}
