package io.maximus.hcl.operators.execute;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.sinks.execute.ActionEvent;
import io.maximus.hcl.sinks.execute.RolledBack;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The action events read back from their topic, kept only where an action was rolled back (REVERTED): what the safety
 * gate remembers to refuse the same rule's action on the same scope for a quiet period. Unreadable records are skipped
 * with a warning (the topic is HCL's own output).
 */
public class ParseRollbacks implements FlatMapFunction<String, RolledBack> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ParseRollbacks.class);

    @Override
    public void flatMap(String json, Collector<RolledBack> out) {
        try {
            RolledBack.of(Json.read(json, ActionEvent.class)).ifPresent(out::collect);
        } catch (RuntimeException e) {
            LOG.warn("action event not readable, skipped: {}", e.toString());
        }
    }
}
