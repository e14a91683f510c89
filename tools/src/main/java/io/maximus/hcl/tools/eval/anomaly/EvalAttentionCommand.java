package io.maximus.hcl.tools.eval.anomaly;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.TelemetryParser;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.models.anomaly.artifact.AnomalyModel;
import io.maximus.hcl.models.attention.AttentionAnalyzer;
import io.maximus.hcl.models.attention.FovealState;
import io.maximus.hcl.models.attention.PeripheralState;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hcl eval attention}: runs the job's analyze stage (an anomaly model artifact behind attention, per
 * service/host key, exactly as the keyed operator does) over a telemetry JSONL file in file order and reports the
 * share of snapshots escalated to the foveal tier, the share flagged anomalous (overall and, with incidents, inside
 * and outside a time span), and each tier's mean latency per snapshot.
 */
@Command(
        name = "attention",
        mixinStandardHelpOptions = true,
        description = "Run the anomaly model artifact behind attention over telemetry JSONL (e.g. hcl generate's) and"
                + " print escalation share, anomalous share and per-tier latency as one JSON line.")
public final class EvalAttentionCommand implements Callable<Integer> {

    @Option(names = "--telemetry", required = true, description = "Telemetry JSONL file.")
    Path telemetry;

    @Option(
            names = "--model",
            defaultValue = "builtin",
            description = "Artifact directory or builtin (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--incident-service", description = "Service of an injected incident (to split the figures).")
    String incidentService;

    @Option(names = "--incident-from", description = "Incident start, ISO-8601.")
    java.time.Instant incidentFrom;

    @Option(names = "--incident-to", description = "Incident end, ISO-8601.")
    java.time.Instant incidentTo;

    @Option(names = "--seed", defaultValue = "42", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        try (AnomalyModel m = AnomalyModel.open(model, AnomalyModel.Expected.any())) {
            AttentionAnalyzer a = new AttentionAnalyzer(m, AttentionAnalyzer.Settings.defaults(), seed).timed(true);
            Map<String, PeripheralState> ps = new HashMap<>();
            Map<String, FovealState> fs = new HashMap<>();
            long n = 0;
            long scored = 0;
            long escalated = 0;
            long anomalous = 0;
            long inIncident = 0;
            long inIncidentFlagged = 0;
            long calm = 0;
            long calmEscalated = 0;
            long calmFlagged = 0;
            long t0 = System.nanoTime();
            try (BufferedReader r = Files.newBufferedReader(telemetry)) {
                String line;
                while ((line = r.readLine()) != null) {
                    TelemetryParser.Result res = TelemetryParser.parse(line);
                    if (!res.ok()) {
                        continue;
                    }
                    n++;
                    TelemetrySnapshot s = res.snapshot();
                    double[] x = a.vector(s);
                    if (x == null) {
                        continue;
                    }
                    String key = s.service() + "/" + s.host();
                    PeripheralState p = ps.computeIfAbsent(key, k -> a.newPeripheral(s));
                    FovealState f = fs.computeIfAbsent(key, a::newFoveal);
                    AttentionAnalyzer.Outcome o = a.analyze(s, x, p, f);
                    scored++;
                    boolean esc = o.escalation().analyzed();
                    boolean flag = o.score().anomalous();
                    escalated += esc ? 1 : 0;
                    anomalous += flag ? 1 : 0;
                    boolean incident = incidentService != null
                            && incidentFrom != null
                            && incidentTo != null
                            && s.service().equals(incidentService)
                            && s.timestamp() >= incidentFrom.toEpochMilli()
                            && s.timestamp() < incidentTo.toEpochMilli();
                    if (incident) {
                        inIncident++;
                        inIncidentFlagged += flag ? 1 : 0;
                    } else {
                        calm++;
                        calmEscalated += esc ? 1 : 0;
                        calmFlagged += flag ? 1 : 0;
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model_version", m.version());
            out.put("snapshots", n);
            out.put("scored_by_model", scored);
            out.put("escalated", EvalAnomalyCommand.round((double) escalated / Math.max(scored, 1)));
            out.put("escalated_outside_incident", EvalAnomalyCommand.round((double) calmEscalated / Math.max(calm, 1)));
            out.put("anomalous_outside_incident", EvalAnomalyCommand.round((double) calmFlagged / Math.max(calm, 1)));
            if (inIncident > 0) {
                out.put("anomalous_in_incident", EvalAnomalyCommand.round((double) inIncidentFlagged / inIncident));
            }
            out.put("anomalous", anomalous);
            out.put("peripheral_us", EvalAnomalyCommand.round(a.peripheralNanosPerSnapshot() / 1000));
            out.put("foveal_us", EvalAnomalyCommand.round(a.fovealNanosPerSnapshot() / 1000));
            out.put("snapshots_per_s", Math.round(n / seconds));
            System.out.println(Json.write(out));
        }
        return 0;
    }
}
