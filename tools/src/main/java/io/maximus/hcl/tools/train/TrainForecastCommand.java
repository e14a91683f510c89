package io.maximus.hcl.tools.train;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.models.forecast.ForecastTrainer;
import io.maximus.hcl.models.forecast.SeriesCsv;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hcl train forecast}: fits the SARIMA demand forecaster on a series (CSV, or telemetry JSON lines), backtests
 * it by rolling origin and writes a versioned artifact with its manifest; prints one JSON line describing it.
 */
@Command(
        name = "forecast",
        mixinStandardHelpOptions = true,
        description = "Fit the SARIMA demand forecaster on a CSV series or a telemetry file (JSON lines), backtest it "
                + "(rolling origin over the last 30%%, as eval forecast) and write <out>/<name>-<version>/{model.json,"
                + "manifest.json}; the job starts services from it with -o forecast.artifact=DIR. Progress on stderr; "
                + "ends with one JSON line.")
public final class TrainForecastCommand implements Callable<Integer> {

    @Option(
            names = "--input",
            required = true,
            description = "A CSV file with a header (time, value columns) or a "
                    + "telemetry file of JSON lines (.jsonl/.json: the system.telemetry.raw contract).")
    Path input;

    @Option(
            names = "--out",
            defaultValue = "models/artifacts",
            description = "Directory under which the artifact directory is made. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--name", description = "Artifact name (default: forecast-<service or file name>).")
    String name;

    @Option(
            names = "--time-col",
            description = "CSV: time column (default: the first). ISO-8601, "
                    + "'YYYY-MM-DD HH:MM:SS', epoch seconds or millis.")
    String timeCol;

    @Option(names = "--value-col", description = "CSV: value column (default: the second).")
    String valueCol;

    @Option(names = "--service", description = "Telemetry: the service whose hosts are averaged (default: all).")
    String service;

    @Option(
            names = "--metric",
            defaultValue = "cpu_usage",
            description = "Telemetry: the demand metric. Default: ${DEFAULT-VALUE}.")
    String metric;

    @Option(names = "--step", defaultValue = "15m", description = "Model resolution. Default: ${DEFAULT-VALUE}.")
    String step;

    @Option(
            names = "--order",
            defaultValue = "1,1,1,1,1,1",
            description = "SARIMA orders p,d,q,P,D,Q (season = one day). Default: ${DEFAULT-VALUE}.")
    String order;

    @Option(
            names = "--weekly-harmonics",
            defaultValue = "8",
            description = "Weekly Fourier harmonics (used with two weeks of data or more). Default: ${DEFAULT-VALUE}.")
    int weeklyHarmonics;

    @Option(
            names = "--train-days",
            defaultValue = "28",
            description = "Trailing training window in days. Default: ${DEFAULT-VALUE}.")
    int trainDays;

    @Option(
            names = "--backtest-refit",
            defaultValue = "1d",
            description = "Refit period in the backtest. Default: ${DEFAULT-VALUE}.")
    String backtestRefit;

    @Option(names = "--no-backtest", description = "Skip the backtest (the manifest's backtest is then empty).")
    boolean noBacktest;

    @Override
    public Integer call() throws Exception {
        long stepSec = SeriesCsv.parseDurationSeconds(step);
        int[] orders = ForecastTrainer.parseOrders(order);
        String file = input.getFileName().toString();
        boolean telemetry = file.endsWith(".jsonl") || file.endsWith(".json");
        SeriesCsv.Binned series = telemetry
                ? ForecastTrainer.readTelemetry(input, service, metric, stepSec)
                : SeriesCsv.read(input, timeCol, valueCol, stepSec);
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("source", input.toString());
        if (telemetry) {
            source.put("service", service == null ? "(all)" : service);
            source.put("metric", metric);
        } else {
            source.put("value_column", valueCol == null ? "(second)" : valueCol);
        }
        String artifactName = name != null
                ? name
                : "forecast-"
                        + (service != null ? service : file.replaceAll("\\.[^.]*$", ""))
                                .replaceAll("[^A-Za-z0-9._-]", "_");
        ForecastTrainer.Settings settings = new ForecastTrainer.Settings(
                orders,
                stepSec,
                weeklyHarmonics,
                trainDays,
                (int) (SeriesCsv.parseDurationSeconds(backtestRefit) / stepSec),
                0.3,
                400,
                !noBacktest);
        ForecastTrainer.Result r = ForecastTrainer.train(series, settings, out, artifactName, source);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("artifact", r.artifact().toString());
        line.put("training_data_sha256", r.dataSha256());
        line.put("points", r.points());
        line.put("ar", r.model().ar);
        line.put("ma", r.model().ma);
        line.put("seasonal_ar", r.model().sar);
        line.put("seasonal_ma", r.model().sma);
        line.put("backtest", r.backtest());
        System.out.println(Json.write(line));
        return 0;
    }
}
