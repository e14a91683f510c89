package io.maximus.hcl.operators.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.maximus.hcl.core.AnomalyScore;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.ScoredSnapshot;
import io.maximus.hcl.core.ServiceWindow;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.models.plan.ModeRule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The service windows on Flink's keyed harness, as the topology wires them (1-minute tumbling event-time windows,
 * incremental aggregate then summary): a window closes on the watermark with the means, maxima, hosts, samples and
 * anomalous hosts of its snapshots, and the mode rule's pick (an anomalous host means high performance).
 */
class ServiceWindowsTest {

    private static final long MINUTE = 60_000;

    @SuppressWarnings("unchecked")
    private static KeyedOneInputStreamOperatorTestHarness<String, ScoredSnapshot, ServiceWindow> harness()
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        KeySelector<ScoredSnapshot, String> key = s -> s.snapshot().service();
        DataStream<ServiceWindow> out = env.fromData(
                        TypeInformation.of(ScoredSnapshot.class), snapshot(0, "a", 1, false))
                .keyBy(key)
                .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
                .aggregate(
                        new ServiceWindows.Aggregate(),
                        new ServiceWindows.Summarize(new ModeRule(ModeRule.Thresholds.defaults())));
        StreamOperatorFactory<ServiceWindow> factory =
                ((OneInputTransformation<ScoredSnapshot, ServiceWindow>) out.getTransformation()).getOperatorFactory();
        return new KeyedOneInputStreamOperatorTestHarness<>(factory, key, Types.STRING);
    }

    private static ScoredSnapshot snapshot(long t, String host, double cpu, boolean anomalous) {
        TelemetrySnapshot s =
                new TelemetrySnapshot(t, host, "cart", Map.of("cpu_usage", cpu, "latency_p99", 100.0), Map.of());
        return new ScoredSnapshot(
                s, new AnomalyScore(s.scope(), t, "baseline", anomalous ? 5 : 1, 3, Map.of(), List.of()));
    }

    @Test
    void aWindowSummarizesItsSnapshotsAndPicksTheMode() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(new StreamRecord<>(snapshot(1_000, "a", 40, false), 1_000));
            h.processElement(new StreamRecord<>(snapshot(20_000, "b", 60, true), 20_000));
            h.processElement(new StreamRecord<>(snapshot(40_000, "a", 50, false), 40_000));
            h.processElement(new StreamRecord<>(snapshot(70_000, "a", 10, false), 70_000)); // the next window
            assertThat(h.extractOutputValues())
                    .as("nothing before the watermark")
                    .isEmpty();

            h.processWatermark(MINUTE - 1);
            List<ServiceWindow> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            ServiceWindow w = out.get(0);
            assertThat(w.service()).isEqualTo("cart");
            assertThat(w.windowStart()).isZero();
            assertThat(w.windowEnd()).isEqualTo(MINUTE);
            assertThat(w.hosts()).isEqualTo(2);
            assertThat(w.samples()).isEqualTo(3);
            assertThat(w.meanOf("cpu_usage")).isCloseTo(50.0, within(1e-9));
            assertThat(w.max()).containsEntry("cpu_usage", 60.0);
            assertThat(w.anomalousHosts()).containsExactly("b");
            assertThat(w.maxAnomalyScore()).isEqualTo(5.0);
            assertThat(w.mode()).isEqualTo(OperationalMode.HIGH_PERFORMANCE);

            h.processWatermark(2 * MINUTE - 1);
            ServiceWindow calm = h.extractOutputValues().get(1);
            assertThat(calm.samples()).isEqualTo(1);
            assertThat(calm.mode()).isEqualTo(OperationalMode.ENERGY_EFFICIENT); // CPU 10% is under 25%
        }
    }
}
