package io.maximus.hcl.jobs.cli;

import io.maximus.hcl.jobs.TrainingJob;
import io.maximus.hcl.models.anomaly.artifact.AnomalyTrainCommand;
import io.maximus.hcl.models.anomaly.lstm.LstmTrainCommand;
import io.maximus.hcl.models.eval.predict.TrainFailureCommand;
import io.maximus.hcl.models.forecast.TrainForecastCommand;
import picocli.CommandLine.Command;

/** {@code hcl train}: trains a model and writes a versioned artifact with its manifest. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a model and writes a versioned artifact (model + manifest.json).",
        subcommands = {AnomalyTrainCommand.class, LstmTrainCommand.class, TrainForecastCommand.class,
                TrainFailureCommand.class, TrainingJob.class})
public final class TrainCommand {
}
