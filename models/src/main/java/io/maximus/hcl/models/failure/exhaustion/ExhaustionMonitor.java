package io.maximus.hcl.models.failure.exhaustion;

import io.maximus.hcl.core.TelemetrySnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exhaustion warnings for whole snapshots, whatever metrics a host reports: every metric with a known ceiling gets
 * its own {@link ExhaustionState}, created on first sight. For plain-Java use and tests; a Flink operator keeps the
 * states in keyed map state instead and calls {@link ExhaustionPredictor} itself.
 */
public final class ExhaustionMonitor {

    private final ExhaustionCeilings ceilings;
    private final ExhaustionPredictor predictor;
    private final Map<String, ExhaustionState> states = new TreeMap<>();

    /** A monitor with these ceilings and settings. */
    public ExhaustionMonitor(ExhaustionCeilings ceilings, ExhaustionSettings settings) {
        this.ceilings = ceilings;
        this.predictor = new ExhaustionPredictor(settings);
    }

    /** The warnings one snapshot raises, refreshes or clears, keyed {@code service/host}. */
    public List<ExhaustionWarning> accept(TelemetrySnapshot snapshot) {
        String key = snapshot.service() + "/" + snapshot.host();
        List<ExhaustionWarning> out = new ArrayList<>();
        for (Observation o : ceilings.resolve(snapshot.metrics())) {
            ExhaustionState s = states.computeIfAbsent(key + "|" + o.metric(), k -> predictor.newState());
            ExhaustionWarning w = predictor.update(s, key, o.metric(), snapshot.timestamp(), o.value(), o.ceiling());
            if (w != null) {
                out.add(w);
            }
        }
        return out;
    }

    /** The state kept for a key and metric, or null. */
    public ExhaustionState state(String key, String metric) {
        return states.get(key + "|" + metric);
    }

    /** The number of key-metric states kept. */
    public int size() {
        return states.size();
    }
}
