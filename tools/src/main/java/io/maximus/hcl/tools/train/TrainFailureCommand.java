package io.maximus.hcl.tools.train;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.models.failure.FailureMonitor;
import io.maximus.hcl.models.failure.FleetFailureTraining;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hcl train failure}: trains the fleet failure model on telemetry history (JSON lines, e.g. from
 * {@code hcl generate --random-incidents N}), optionally evaluates it the way the job runs it on a held-out file, and
 * writes the versioned artifact (compiled forests, XGBoost models, manifest); prints one JSON line.
 */
@Command(
        name = "failure",
        mixinStandardHelpOptions = true,
        description =
                "Train the failure predictor on telemetry JSONL (outages labelled from the data: error_rate at or "
                        + "above --outage-error-rate, or a host that stops reporting) and write DIR/{manifest.json,forest-*.bin,"
                        + "model-*.ubj}; with --holdout, evaluate it as the job runs it. Ends with one JSON line.")
public class TrainFailureCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainFailureCommand.class);

    @Option(names = "--input", required = true, description = "Telemetry JSONL to train on.")
    Path input;

    @Option(names = "--out", required = true, description = "Artifact directory to write.")
    Path out;

    @Option(names = "--holdout", description = "Held-out telemetry JSONL to evaluate on (e.g. another seed).")
    Path holdout;

    @Option(names = "--version", description = "Artifact version (default: failure-fleet-<data hash prefix>).")
    String version;

    @Option(
            names = "--metrics",
            split = ",",
            description =
                    "Metrics to use, comma-separated; must include error_rate. Default: memory_usage, error_rate, "
                            + "latency_p99, cpu_usage, database_connections, query_latency, disk_io_wait, request_queue.")
    List<String> metrics;

    @Option(
            names = "--lead-min",
            defaultValue = "10",
            description = "Earliest useful warning, minutes before the outage. Default: ${DEFAULT-VALUE}.")
    int leadMin;

    @Option(
            names = "--lead-max",
            defaultValue = "30",
            description = "Latest useful warning, minutes before the outage. Default: ${DEFAULT-VALUE}.")
    int leadMax;

    @Option(
            names = "--outage-error-rate",
            defaultValue = "10",
            description = "A host is down in a minute whose mean error_rate reaches this (errors/s). "
                    + "Default: ${DEFAULT-VALUE}.")
    double outageErrorRate;

    @Option(names = "--rounds", defaultValue = "100", description = "Boosting rounds. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--max-depth", defaultValue = "3", description = "Tree depth. Default: ${DEFAULT-VALUE}.")
    int maxDepth;

    @Option(names = "--threads", defaultValue = "1", description = "XGBoost threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--seed", defaultValue = "0", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        FleetFailureTraining.Config d = FleetFailureTraining.Config.defaults();
        String[] names = metrics == null ? d.metrics() : metrics.toArray(new String[0]);
        if (leadMin < 0 || leadMax <= leadMin) {
            throw new IllegalArgumentException("need 0 <= --lead-min < --lead-max");
        }
        FleetFailureTraining.Config cfg = new FleetFailureTraining.Config(
                names,
                d.rowMillis(),
                d.shortRows(),
                d.longRows(),
                leadMin,
                leadMax,
                outageErrorRate,
                d.gapRows(),
                rounds,
                maxDepth,
                d.negativeSample(),
                threads,
                seed);
        FleetFailureTraining training = new FleetFailureTraining(cfg);
        long t0 = System.nanoTime();
        String[] sha = new String[1];
        List<FleetFailureTraining.HostSeries> hosts = training.read(input, sha);
        String v = version != null ? version : "failure-fleet-" + sha[0].substring(0, 12);
        FleetFailureTraining.Result r = training.train(hosts, v);
        Map<String, Object> metricsOut = new LinkedHashMap<>(r.figures());
        metricsOut.put("train_seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        if (holdout != null) {
            long t1 = System.nanoTime();
            FleetFailureTraining.Figures h =
                    training.holdout(r.model(), holdout, FailureMonitor.Config.defaults(r.model()));
            Map<String, Object> hm = new LinkedHashMap<>(h.toMap());
            hm.put("file", holdout.getFileName().toString());
            hm.put("seconds", Math.round((System.nanoTime() - t1) / 1e8) / 10.0);
            metricsOut.put("holdout", hm);
        }
        r.model().save(out, r.boosters(), sha[0], r.params(), metricsOut);
        LOG.info("artifact {} written to {}", v, out);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("artifact", out.toString());
        line.put("version", v);
        line.put("training_data_sha256", sha[0]);
        line.putAll(metricsOut);
        System.out.println(Json.write(line));
        return 0;
    }
}
